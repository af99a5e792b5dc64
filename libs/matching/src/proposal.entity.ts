import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum ProposalStatus {
  /** Offered to the firm, waiting for its answer. */
  PROPOSED = 'PROPOSED',
  /** Accepted by the firm; its slots are booked. */
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  EXPIRED = 'EXPIRED',
  /** Replaced by a newer plan (re-quote or re-plan) before the firm answered. */
  SUPERSEDED = 'SUPERSEDED',
  /** The order was cancelled; booked slots were released. */
  CANCELLED = 'CANCELLED',
  DELIVERED = 'DELIVERED',
}

/** An offer of work to a firm: its part of one order stage, proposed first, a booking once accepted. */
@Entity('proposals')
@Index('proposals_order_idx', ['orderId', 'stageSeq'])
@Index('proposals_firm_status_idx', ['firmId', 'status'])
@Index('proposals_park_status_idx', ['parkId', 'status'])
@Index('proposals_listing_idx', ['listingId'])
@Index('proposals_buyer_org_idx', ['buyerOrgId'])
export class ProposalEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ name: 'stage_id', type: 'uuid' })
  stageId: string;

  @Column({ name: 'stage_seq', type: 'smallint' })
  stageSeq: number;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  /** The order's buyer organisation, kept with the proposal so its buyer's reach is one predicate. */
  @Column({ name: 'buyer_org_id', type: 'uuid' })
  buyerOrgId: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId: string;

  @Column({ name: 'listing_id', type: 'uuid' })
  listingId: string;

  @Column({ name: 'process_code', type: 'varchar', length: 40 })
  processCode: string;

  /** Pieces. */
  @Column({ type: 'integer' })
  units: number;

  /** Yuan per piece. */
  @Column({ name: 'unit_price', type: 'numeric', precision: 12, scale: 2 })
  unitPrice: string;

  /** units × unit price, yuan. */
  @Column({ type: 'numeric', precision: 16, scale: 2 })
  cost: string;

  /** Great-circle km from the firm's site to the order's delivery location; null when either is unknown. */
  @Column({ name: 'distance_km', type: 'numeric', precision: 9, scale: 3, nullable: true })
  distanceKm: string | null;

  /** units × the park's rate × distanceKm, yuan (to the fen, half up): moving the goods, on top of `cost`. */
  @Column({ name: 'transport_cost', type: 'numeric', precision: 16, scale: 2, default: 0 })
  transportCost: string;

  @Column({ name: 'first_day', type: 'date' })
  firstDay: string;

  @Column({ name: 'last_day', type: 'date' })
  lastDay: string;

  @Column({ type: 'enum', enum: ProposalStatus, enumName: 'proposal_status' })
  status: ProposalStatus;

  /** Why this firm: the parts of the score, as the engine explained them. */
  @Column({ type: 'jsonb' })
  explanation: Record<string, unknown>;

  /** Where it came from: QUOTE, REQUOTE or REPLAN (with the re-plan job id). */
  @Column({ type: 'varchar', length: 60 })
  origin: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decline_reason', type: 'varchar', length: 500, nullable: true })
  declineReason: string | null;

  @Column({ name: 'units_done', type: 'integer', default: 0 })
  unitsDone: number;

  @Column({ name: 'units_delivered', type: 'integer', default: 0 })
  unitsDelivered: number;

  @Column({ name: 'defect_units', type: 'integer', default: 0 })
  defectUnits: number;

  @Column({ name: 'delivered_on', type: 'date', nullable: true })
  deliveredOn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
