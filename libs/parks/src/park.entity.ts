import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** How a park measures the distance goods travel; only great-circle for now (a park-uploaded matrix is not built). */
export enum DistanceMode {
  GREAT_CIRCLE = 'great-circle',
}

/** The tenant: every row below it carries its `park_id`. */
@Entity('parks')
@Check('parks_transport_rate_non_negative', '"transport_rate_per_unit_km" >= 0')
@Check('parks_default_max_distance_positive', '"default_max_distance_km" > 0')
export class ParkEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** GB/T 2260 six-digit administrative region code, e.g. 330113 (Linping). */
  @Column({ name: 'region_code', type: 'char', length: 6 })
  regionCode: string;

  /** Yuan for moving one piece one km: what a plan adds to a stage's unit price per km of distance. */
  @Column({ name: 'transport_rate_per_unit_km', type: 'numeric', precision: 10, scale: 4, default: () => '0.004' })
  transportRatePerUnitKm: string;

  @Column({
    name: 'distance_mode',
    type: 'varchar',
    length: 20,
    default: DistanceMode.GREAT_CIRCLE,
  })
  distanceMode: DistanceMode;

  /** The radius an order preferring this park gets when its buyer states none; null means no limit. */
  @Column({ name: 'default_max_distance_km', type: 'numeric', precision: 7, scale: 2, nullable: true })
  defaultMaxDistanceKm: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
