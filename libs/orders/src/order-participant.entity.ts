import { Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The firms (and so parks) an order has reached through proposals: what lets a park admin or a firm see the
 * order at all. Written by matching whenever it proposes work.
 */
@Entity('order_participants')
@Index('order_participants_park_idx', ['parkId'])
@Index('order_participants_firm_idx', ['firmId'])
export class OrderParticipantEntity {
  @PrimaryColumn({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId: string;

  @PrimaryColumn({ name: 'park_id', type: 'uuid' })
  parkId: string;
}
