import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { AllocationEntity } from './allocation.entity';

/** Pieces of an allocation on one day, on one capacity slot. */
@Entity('allocation_days')
@Index('allocation_days_slot_idx', ['slotId'])
export class AllocationDayEntity {
  @PrimaryColumn({ name: 'allocation_id', type: 'uuid' })
  allocationId: string;

  @ManyToOne(() => AllocationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'allocation_id' })
  allocation?: AllocationEntity;

  @PrimaryColumn({ type: 'date' })
  date: string;

  @Column({ name: 'slot_id', type: 'bigint' })
  slotId: string;

  @Column({ type: 'integer' })
  units: number;
}
