import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { OrderStatus } from './order-status';

@Entity('orders')
@Index('orders_idempotency_key', ['buyerOrgId', 'idempotencyKey'], { unique: true })
@Index('orders_status_idx', ['status'])
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
