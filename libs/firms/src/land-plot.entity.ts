import { FirmEntity } from './firm.entity';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

export enum LandTenure {
  OWNED = 'OWNED',
  LEASED = 'LEASED',
}

/** A plot as on its certificate. Area is kept in m² exactly as certified; mu is derived (1 mu = 10000/15 m²). */
@Entity('land_plots')
@Index('land_plots_certificate_key', ['certificateNo'], { unique: true })
@Index('land_plots_firm_idx', ['firmId'])
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

  @Column({ name: 'area_m2', type: 'numeric', precision: 14, scale: 2 })
  areaM2: string;

  @Column({ type: 'enum', enum: LandTenure, enumName: 'land_tenure' })
  tenure: LandTenure;

  @Column({ type: 'varchar', length: 200, nullable: true })
  lessor: string | null;
}
