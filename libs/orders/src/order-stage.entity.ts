import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrderEntity } from './order.entity';

/** One step of an order's route, in sequence, with the buyer's price ceiling for it. */
@Entity('order_stages')
@Index('order_stages_order_seq_key', ['orderId', 'seq'], { unique: true })
export class OrderStageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @ManyToOne(() => OrderEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'order_id' })
  order?: OrderEntity;

  @Column({ type: 'smallint' })
  seq: number;

  @Column({ name: 'process_code', type: 'varchar', length: 40 })
  processCode: string;

  /** Whole days between finishing units at the previous stage and starting them here. */
  @Column({ name: 'lead_days', type: 'smallint' })
  leadDays: number;

  /** Yuan per piece. */
  @Column({ name: 'max_unit_price', type: 'numeric', precision: 12, scale: 2 })
  maxUnitPrice: string;

  /** Certification types a firm must hold, valid on every day it works this stage. */
  @Column({ name: 'required_certifications', type: 'varchar', length: 40, array: true, default: '{}' })
  requiredCertifications: string[];
}
