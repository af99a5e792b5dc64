import { ParkEntity } from '@vg/parks';
import {
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

  @Column({ type: 'integer' })
  employees: number;

  @Column({ type: 'varchar', length: 300 })
  address: string;

  @Column({ name: 'joined_on', type: 'date' })
  joinedOn: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
