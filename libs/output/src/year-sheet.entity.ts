import { FirmEntity } from '@vg/firms';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * 一企一单: the firm's confirmation of its yearly sheet. A change to any of the year's figures clears it, so a
 * confirmation always covers exactly the figures the firm saw.
 */
@Entity('firm_year_sheets')
@Index('firm_year_sheets_park_year_idx', ['parkId', 'year'])
export class YearSheetEntity {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId: string;

  @ManyToOne(() => FirmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'firm_id' })
  firm?: FirmEntity;

  @PrimaryColumn({ type: 'smallint' })
  year: number;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ name: 'confirmed_by', type: 'uuid', nullable: true })
  confirmedBy: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
