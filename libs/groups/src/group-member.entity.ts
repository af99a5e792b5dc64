import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A firm's membership of a group for one chain stage. Leaving sets `left_on`; history is kept. */
@Entity('group_members')
@Index('group_members_group_idx', ['groupId'])
@Index('group_members_firm_idx', ['firmId'])
export class GroupMemberEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'group_id', type: 'uuid' })
  groupId: string;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId: string;

  @Column({ name: 'stage_process', type: 'varchar', length: 40 })
  stageProcess: string;

  @Column({ name: 'joined_on', type: 'date' })
  joinedOn: string;

  @Column({ name: 'left_on', type: 'date', nullable: true })
  leftOn: string | null;
}
