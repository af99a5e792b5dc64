import { FirmEntity } from './firm.entity';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

export enum LandTenure {
  OWNED = 'OWNED',
  LEASED = 'LEASED',
}

/** The unit a plot's area was given in: the certificate's (m² on 不动产权证, mu in many bureau tables). */
export enum LandAreaUnit {
  M2 = 'M2',
  MU = 'MU',
}

/**
 * A plot as on its certificate, recorded for the firm whose land it counts as. The area is kept exactly as given, in
 * the unit it was given in: m² to 2 decimals or mu to 4 decimals, exactly one of the two (1 mu = 10000/15 m², so
 * neither converts into the other without rounding). Exact mu for the evaluation is `area_mu`, or `area_m2` × 0.0015
 * (one multiplication, exact). One certificate may be recorded for several firms (a holder and its tenants, firms
 * sharing a plot); the evaluation's readiness lists such certificates.
 */
@Entity('land_plots')
@Index('land_plots_certificate_firm_key', ['certificateNo', 'firmId'], { unique: true })
@Index('land_plots_firm_idx', ['firmId'])
@Index('land_plots_park_idx', ['parkId', 'certificateNo'])
@Check('land_plots_area_in_one_unit', 'num_nonnulls("area_m2", "area_mu") = 1')
@Check('land_plots_area_positive', 'COALESCE("area_m2", "area_mu") > 0')
export class LandPlotEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'firm_id', type: 'uuid' })
  firmId: string;

  @ManyToOne(() => FirmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'firm_id' })
  firm?: FirmEntity;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  @Column({ name: 'certificate_no', type: 'varchar', length: 100 })
  certificateNo: string;

  /** Set when the area was given in m² (as on a 不动产权证). */
  @Column({ name: 'area_m2', type: 'numeric', precision: 14, scale: 2, nullable: true })
  areaM2: string | null;

  /** Set when the area was given in mu (as in the natural-resources bureau's tables). */
  @Column({ name: 'area_mu', type: 'numeric', precision: 14, scale: 4, nullable: true })
  areaMu: string | null;

  @Column({ type: 'enum', enum: LandTenure, enumName: 'land_tenure' })
  tenure: LandTenure;

  /** The holder (权利人) the firm leases from. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  lessor: string | null;

  /** The certified use (用途), e.g. 工业用地. */
  @Column({ name: 'land_use', type: 'varchar', length: 50, nullable: true })
  landUse: string | null;

  /** Firms the holder rents (part of) the plot to, as the register names them (names or USCCs). */
  @Column({ type: 'varchar', length: 200, array: true, default: () => "'{}'" })
  tenants: string[];
}
