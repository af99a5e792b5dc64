import { ParkEntity } from '@vg/parks';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

@Entity('firms')
@Index('firms_uscc_key', ['uscc'], { unique: true })
@Index('firms_park_idx', ['parkId'])
@Check('firms_site_location_whole', 'num_nonnulls("site_latitude", "site_longitude") <> 1')
@Check('firms_site_location_range', '"site_latitude" BETWEEN -90 AND 90 AND "site_longitude" BETWEEN -180 AND 180')
export class FirmEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  @ManyToOne(() => ParkEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'park_id' })
  park?: ParkEntity;

  /** Unified social credit code: the key every bureau's data is matched on. */
  @Column({ type: 'char', length: 18 })
  uscc: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** GB/T 4754 two-digit industry division, e.g. 18 (apparel). */
  @Column({ name: 'industry_code', type: 'char', length: 2 })
  industryCode: string;

  /** The group firms are ranked within, e.g. 纺织服装. */
  @Column({ name: 'industry_group', type: 'varchar', length: 50 })
  industryGroup: string;

  /** Unknown until the firm or its park says (registries do not list it); the evaluation does not use it. */
  @Column({ type: 'integer', nullable: true })
  employees: number | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  address: string | null;

  /** The day the firm joined the platform (its uplift baseline ends here); null while it has not. */
  @Column({ name: 'joined_on', type: 'date', nullable: true })
  joinedOn: string | null;

  /** 法定代表人, as registered. */
  @Column({ name: 'legal_representative', type: 'varchar', length: 100, nullable: true })
  legalRepresentative: string | null;

  /** 成立日期, as registered. */
  @Column({ name: 'registered_on', type: 'date', nullable: true })
  registeredOn: string | null;

  /** The production site's location (WGS-84, degrees), both or neither. */
  @Column({ name: 'site_latitude', type: 'numeric', precision: 9, scale: 6, nullable: true })
  siteLatitude: string | null;

  @Column({ name: 'site_longitude', type: 'numeric', precision: 9, scale: 6, nullable: true })
  siteLongitude: string | null;

  /** The town (街道 / 镇) of the production site, as buyers know it: shown on the public supplier profile. */
  @Column({ name: 'site_town', type: 'varchar', length: 50, nullable: true })
  siteTown: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
