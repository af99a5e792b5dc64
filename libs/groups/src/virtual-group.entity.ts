import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

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
export class VirtualGroupEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ name: 'product_line', type: 'varchar', length: 200 })
  productLine: string;

  /** The chain's stages in order, as process codes (design → fabric → cutting → …). */
  @Column({ name: 'stage_processes', type: 'varchar', length: 40, array: true })
  stageProcesses: string[];

  @Column({ name: 'lead_firm_id', type: 'uuid' })
  leadFirmId: string;

  @Column({ type: 'enum', enum: GroupStatus, enumName: 'group_status' })
  status: GroupStatus;

  @Column({ name: 'formed_on', type: 'date', nullable: true })
  formedOn: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
