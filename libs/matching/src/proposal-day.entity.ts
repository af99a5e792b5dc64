import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ProposalEntity } from './proposal.entity';

/** Pieces of a proposal on one day, on one capacity slot. */
@Entity('proposal_days')
@Index('proposal_days_slot_idx', ['slotId'])
export class ProposalDayEntity {
  @PrimaryColumn({ name: 'proposal_id', type: 'uuid' })
  proposalId: string;

  @ManyToOne(() => ProposalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id' })
  proposal?: ProposalEntity;

  @PrimaryColumn({ type: 'date' })
  date: string;

  @Column({ name: 'slot_id', type: 'bigint' })
  slotId: string;

  @Column({ type: 'integer' })
  units: number;
}
