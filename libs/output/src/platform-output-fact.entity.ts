import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Platform-attributed output, written once when a firm delivers a stage of an order (a proposal of matching):
 * units delivered × the proposal's unit price, in the month of delivery. Every reader — uplift, monthly output, the
 * cockpit, group performance — sums these rows, so the rule lives here and nowhere else.
 */
@Entity('platform_output_facts')
@Index('platform_output_facts_firm_month_idx', ['firmId', 'month'])
@Index('platform_output_facts_park_month_idx', ['parkId', 'month'])
@Check('platform_output_facts_value', '"value" = "units" * "unit_price"')
@Check('platform_output_facts_first_of_month', 'EXTRACT(DAY FROM "month") = 1')
export class PlatformOutputFactEntity {
  /** The delivered proposal: one fact per delivery. */
  @PrimaryColumn({ name: 'proposal_id', type: 'uuid' })
  proposalId: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ name: 'stage_id', type: 'uuid' })
  stageId: string;

  @Column({ name: 'stage_seq', type: 'smallint' })
  stageSeq: number;

  @Column({ name: 'process_code', type: 'varchar', length: 40 })
  processCode: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId: string;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  /** The first day of the month of delivery. */
  @Column({ type: 'date' })
  month: string;

  @Column({ name: 'delivered_on', type: 'date' })
  deliveredOn: string;

  /** Pieces delivered. */
  @Column({ type: 'integer' })
  units: number;

  /** Yuan per piece, as proposed. */
  @Column({ name: 'unit_price', type: 'numeric', precision: 12, scale: 2 })
  unitPrice: string;

  /** units × unit price, yuan, exact. */
  @Column({ type: 'numeric', precision: 16, scale: 2 })
  value: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
