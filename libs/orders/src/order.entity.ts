import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { OrderStatus } from './order-status';

@Entity('orders')
@Index('orders_idempotency_key', ['buyerOrgId', 'idempotencyKey'], { unique: true })
@Index('orders_status_idx', ['status'])
@Check('orders_delivery_location_whole', 'num_nonnulls("delivery_latitude", "delivery_longitude") <> 1')
@Check(
  'orders_delivery_location_range',
  '"delivery_latitude" BETWEEN -90 AND 90 AND "delivery_longitude" BETWEEN -180 AND 180',
)
@Check('orders_max_distance_positive', '"max_distance_km" > 0')
@Check('orders_min_rating_range', '"min_rating" BETWEEN 0 AND 5')
export class OrderEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'buyer_org_id', type: 'uuid' })
  buyerOrgId: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @Column({ type: 'varchar', length: 200 })
  product: string;

  /** Pieces. */
  @Column({ type: 'integer' })
  quantity: number;

  @Column({ name: 'earliest_start', type: 'date' })
  earliestStart: string;

  @Column({ name: 'due_date', type: 'date' })
  dueDate: string;

  @Column({ name: 'preferred_park_id', type: 'uuid', nullable: true })
  preferredParkId: string | null;

  @Column({ name: 'preferred_group_id', type: 'uuid', nullable: true })
  preferredGroupId: string | null;

  /** Where the finished goods go (WGS-84 degrees), both or neither. */
  @Column({ name: 'delivery_latitude', type: 'numeric', precision: 9, scale: 6, nullable: true })
  deliveryLatitude: string | null;

  @Column({ name: 'delivery_longitude', type: 'numeric', precision: 9, scale: 6, nullable: true })
  deliveryLongitude: string | null;

  /** Firms farther than this from the delivery location are not eligible (the buyer's or the park's default). */
  @Column({ name: 'max_distance_km', type: 'numeric', precision: 7, scale: 2, nullable: true })
  maxDistanceKm: string | null;

  /** Firms rated below this (0–5) are not eligible. */
  @Column({ name: 'min_rating', type: 'numeric', precision: 3, scale: 2, nullable: true })
  minRating: string | null;

  /** Firms the buyer will not use. */
  @Column({ name: 'excluded_firm_ids', type: 'uuid', array: true, default: '{}' })
  excludedFirmIds: string[];

  /** Firms the buyer prefers among equals. */
  @Column({ name: 'preferred_firm_ids', type: 'uuid', array: true, default: '{}' })
  preferredFirmIds: string[];

  @Column({ type: 'enum', enum: OrderStatus, enumName: 'order_status', default: OrderStatus.OPEN })
  status: OrderStatus;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 100 })
  idempotencyKey: string;

  /** SHA-256 of the canonical request: the same key with another payload is a conflict. */
  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash: string;

  /** The quote answered at posting, kept so a replay returns exactly the same result. */
  @Column({ name: 'initial_quote', type: 'jsonb', nullable: true })
  initialQuote: unknown;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
