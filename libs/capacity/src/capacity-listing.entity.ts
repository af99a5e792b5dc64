import { FirmEntity } from '@vg/firms';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export enum ListingStatus {
  ACTIVE = 'ACTIVE',
  WITHDRAWN = 'WITHDRAWN',
}

/** A firm's offer of one process: so many pieces a day over a window, at a price, above a minimum order. */
@Entity('capacity_listings')
@Index('capacity_listings_process_idx', ['processCode', 'status'])
@Index('capacity_listings_firm_idx', ['firmId'])
export class CapacityListingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId: string;

  @ManyToOne(() => FirmEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'firm_id' })
  firm?: FirmEntity;

  @Column({ name: 'process_code', type: 'varchar', length: 40 })
  processCode: string;

  @Column({ name: 'units_per_day', type: 'integer' })
  unitsPerDay: number;

  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate: string;

  /** Yuan per piece. */
  @Column({ name: 'unit_price', type: 'numeric', precision: 12, scale: 2 })
  unitPrice: string;

  @Column({ name: 'min_order_quantity', type: 'integer' })
  minOrderQuantity: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  notes: string | null;

  @Column({ type: 'enum', enum: ListingStatus, enumName: 'listing_status', default: ListingStatus.ACTIVE })
  status: ListingStatus;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
