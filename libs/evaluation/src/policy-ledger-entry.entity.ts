import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ClassPolicyEntity, PolicyBasis, PolicyMeasure } from './class-policy.entity';
import { EvaluationRoundEntity } from './evaluation-round.entity';

/** One measure applied to one firm by a published round: written at publication, never changed. */
@Entity('policy_ledger_entries')
@Index('policy_ledger_round_idx', ['roundId', 'firmId'])
export class PolicyLedgerEntryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'round_id', type: 'uuid' })
  roundId: string;

  @ManyToOne(() => EvaluationRoundEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'round_id' })
  round?: EvaluationRoundEntity;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId: string;

  @Column({ name: 'policy_id', type: 'uuid' })
  policyId: string;

  @ManyToOne(() => ClassPolicyEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'policy_id' })
  policy?: ClassPolicyEntity;

  @Column({ name: 'class', type: 'varchar', length: 20 })
  grade: string;

  @Column({ name: 'consecutive_years', type: 'smallint' })
  consecutiveYears: number;

  @Column({ type: 'enum', enum: PolicyMeasure, enumName: 'policy_measure' })
  measure: PolicyMeasure;

  @Column({ type: 'enum', enum: PolicyBasis, enumName: 'policy_basis' })
  basis: PolicyBasis;

  /** The basis quantity (kWh, t, yuan, tce); null for a fixed amount. */
  @Column({ name: 'basis_quantity', type: 'numeric', precision: 22, scale: 4, nullable: true })
  basisQuantity: string | null;

  @Column({ type: 'numeric', precision: 14, scale: 4 })
  rate: string;

  /** rate × basis quantity (or the rate itself when fixed), in `unit`: yuan to the fen, tce to 4 decimals. */
  @Column({ type: 'numeric', precision: 22, scale: 4 })
  amount: string;

  @Column({ type: 'varchar', length: 10 })
  unit: string;
}
