import { FirmEntity } from '@vg/firms';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { VirtualGroupEntity } from './virtual-group.entity';

/**
 * A firm's membership of a group for one chain stage. Leaving sets `left_on`; the row stays, so the group's
 * history (and each member's uplift baseline, counted from `joined_on`) survives.
 */
@Entity('group_members')
@Index('group_members_group_idx', ['groupId'])
@Index('group_members_firm_idx', ['firmId'])
@Index('group_members_current_key', ['groupId', 'firmId', 'stageProcess'], { unique: true, where: '"left_on" IS NULL' })
@Check('group_members_left_after_joined', '"left_on" IS NULL OR "left_on" >= "joined_on"')
export class GroupMemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'group_id', type: 'uuid' })
  groupId: string;

  @ManyToOne(() => VirtualGroupEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'group_id' })
  group?: VirtualGroupEntity;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId: string;

  @ManyToOne(() => FirmEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'firm_id' })
  firm?: FirmEntity;

  @Column({ name: 'stage_process', type: 'varchar', length: 40 })
  stageProcess: string;

  @Column({ name: 'joined_on', type: 'date' })
  joinedOn: string;

  @Column({ name: 'left_on', type: 'date', nullable: true })
  leftOn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
