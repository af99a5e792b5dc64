import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What a class brings: charges the firm pays, benefits it receives, or quota it is given. */
export enum PolicyMeasure {
  ELECTRICITY_SURCHARGE = 'ELECTRICITY_SURCHARGE',
  WATER_SURCHARGE = 'WATER_SURCHARGE',
  SEWAGE_SURCHARGE = 'SEWAGE_SURCHARGE',
  TAX_RELIEF = 'TAX_RELIEF',
  SUBSIDY = 'SUBSIDY',
  ENERGY_QUOTA = 'ENERGY_QUOTA',
}

/** The quantity a rate applies to, taken from the figures the round used. */
export enum PolicyBasis {
  /** Electricity use in kWh (the 万kWh figure × 10,000): rate in 元/kWh. */
  ELECTRICITY_KWH = 'ELECTRICITY_KWH',
  /** Water use in tonnes (sewage is charged on water drawn): rate in 元/t. */
  WATER_T = 'WATER_T',
  /** Tax paid in yuan (the 万元 figure × 10,000): rate as a fraction, e.g. 0.1 for 10 %. */
  TAX_PAID_YUAN = 'TAX_PAID_YUAN',
  /** Energy use in tce: rate as a fraction of it (a quota in tce). */
  ENERGY_TCE = 'ENERGY_TCE',
  /** A fixed amount: the rate is the amount in yuan. */
  FIXED = 'FIXED',
}

/**
 * A park's measure for one class, from a number of consecutive years in that class on (e.g. D: +0.3 元/kWh from the
 * first year, +0.4 from the third). Never edited once used: retire it and add another.
 */
@Entity('class_policies')
@Index('class_policies_park_idx', ['parkId', 'grade'])
export class ClassPolicyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  @Column({ name: 'class', type: 'varchar', length: 20 })
  grade: string;

  @Column({ type: 'enum', enum: PolicyMeasure, enumName: 'policy_measure' })
  measure: PolicyMeasure;

  @Column({ type: 'enum', enum: PolicyBasis, enumName: 'policy_basis' })
  basis: PolicyBasis;

  @Column({ type: 'numeric', precision: 14, scale: 4 })
  rate: string;

  /** Applies when the firm has been in the class this many years in a row (this year included), or more. */
  @Column({ name: 'min_consecutive_years', type: 'smallint', default: 1 })
  minConsecutiveYears: number;

  @Column({ type: 'varchar', length: 500 })
  description: string;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt: Date | null;
}
