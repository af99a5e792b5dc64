import { FirmEntity } from './firm.entity';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

export enum FirmScale {
  /** 规上: annual revenue ≥ 20 million yuan. */
  ABOVE = 'ABOVE',
  /** 规下 */
  BELOW = 'BELOW',
}

/** Scale is decided per year by the statistics bureau, so it is kept per year. */
@Entity('firm_scales')
export class FirmScaleEntity {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId: string;

  @ManyToOne(() => FirmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'firm_id' })
  firm?: FirmEntity;

  @PrimaryColumn({ type: 'smallint' })
  year: number;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  @Column({ type: 'enum', enum: FirmScale, enumName: 'firm_scale' })
  scale: FirmScale;
}
