import { FirmEntity } from '@vg/firms';
import { ParkEntity } from '@vg/parks';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

export enum GroupStatus {
  /** Proposed by a lead firm; waits for the park admin. */
  PENDING_APPROVAL = 'PENDING_APPROVAL',
  ACTIVE = 'ACTIVE',
  REJECTED = 'REJECTED',
  DISSOLVED = 'DISSOLVED',
}

/** 虚拟集团: firms strung into one supply chain for a product line, led by a lead firm (链主). */
@Entity('virtual_groups')
@Index('virtual_groups_park_idx', ['parkId'])
@Index('virtual_groups_lead_firm_idx', ['leadFirmId'])
// A live group's name is unique in its park; a rejected or dissolved one frees it.
@Index('virtual_groups_live_name_key', ['parkId', 'name'], {
  unique: true,
  where: `"status" IN ('PENDING_APPROVAL', 'ACTIVE')`,
})
export class VirtualGroupEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  @ManyToOne(() => ParkEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'park_id' })
  park?: ParkEntity;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'product_line', type: 'varchar', length: 200 })
  productLine: string;

  /** The chain's stages in order, as process codes (design → fabric → cutting → …). */
  @Column({ name: 'stage_processes', type: 'varchar', length: 40, array: true })
  stageProcesses: string[];

  @Column({ name: 'lead_firm_id', type: 'uuid' })
  leadFirmId: string;

  @ManyToOne(() => FirmEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_firm_id' })
  leadFirm?: FirmEntity;

  @Column({ type: 'enum', enum: GroupStatus, enumName: 'group_status' })
  status: GroupStatus;

  /** The day the group became active (approved, or formed by the park admin). */
  @Column({ name: 'formed_on', type: 'date', nullable: true })
  formedOn: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** The park admin who approved, rejected or dissolved the group, and when. */
  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'rejection_reason', type: 'varchar', length: 500, nullable: true })
  rejectionReason: string | null;

  @Column({ name: 'dissolved_on', type: 'date', nullable: true })
  dissolvedOn: string | null;
}
