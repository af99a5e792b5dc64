import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CapacityListingEntity } from './capacity-listing.entity';

/**
 * One calendar day of a listing. `booked <= capacity` is enforced by the database itself: the last line of
 * defence against overbooking, whatever the application does.
 */
@Entity('capacity_slots')
@Check('capacity_slots_booked_within_capacity', '"booked" >= 0 AND "booked" <= "capacity"')
@Index('capacity_slots_listing_date_key', ['listingId', 'date'], { unique: true })
@Index('capacity_slots_process_date_idx', ['processCode', 'date'])
@Index('capacity_slots_park_date_idx', ['parkId', 'date'])
export class CapacitySlotEntity {
  /** Sequential, so booking can take row locks in ascending id order (no deadlock cycles). */
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'listing_id', type: 'uuid' })
  listingId: string;

  @ManyToOne(() => CapacityListingEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'listing_id' })
  listing?: CapacityListingEntity;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId: string;

  @Column({ name: 'process_code', type: 'varchar', length: 40 })
  processCode: string;

  @Column({ type: 'date' })
  date: string;

  @Column({ type: 'integer' })
  capacity: number;

  @Column({ type: 'integer', default: 0 })
  booked: number;
}
