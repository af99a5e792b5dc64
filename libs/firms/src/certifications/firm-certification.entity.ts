import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { FirmEntity } from '../firm.entity';

/**
 * A qualification a firm holds (BSCI, OEKO-TEX 100, GRS, ISO 9001, 3C…): it counts for matching only on the days
 * within `validFrom … validTo`, so an expired one stays on record but qualifies for nothing.
 */
@Entity('firm_certifications')
@Index('firm_certifications_firm_idx', ['firmId'])
@Index('firm_certifications_number_key', ['firmId', 'type', 'number'], { unique: true })
@Check('firm_certifications_validity', '"valid_to" >= "valid_from"')
export class FirmCertificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId: string;

  @ManyToOne(() => FirmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'firm_id' })
  firm?: FirmEntity;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  /** Upper-case code, e.g. BSCI, OEKO_TEX_100, GRS, ISO_9001, CCC: what an order's stage requires. */
  @Column({ type: 'varchar', length: 40 })
  type: string;

  /** The certificate's number as its issuer prints it. */
  @Column({ type: 'varchar', length: 100 })
  number: string;

  @Column({ type: 'varchar', length: 200 })
  issuer: string;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  @Column({ name: 'valid_to', type: 'date' })
  validTo: string;

  /** Where the evidence is kept (a document reference or URL), when given. */
  @Column({ name: 'evidence_ref', type: 'varchar', length: 500, nullable: true })
  evidenceRef: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
