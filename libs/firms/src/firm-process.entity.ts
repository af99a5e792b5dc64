import { FirmEntity } from './firm.entity';
import { ProcessEntity } from './process.entity';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** A process (from the catalogue) a firm can do. */
@Entity('firm_processes')
@Index('firm_processes_process_idx', ['processCode', 'parkId'])
export class FirmProcessEntity {
  @PrimaryColumn({ name: 'firm_id', type: 'uuid' })
  firmId: string;

  @ManyToOne(() => FirmEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'firm_id' })
  firm?: FirmEntity;

  @PrimaryColumn({ name: 'process_code', type: 'varchar', length: 40 })
  processCode: string;

  @ManyToOne(() => ProcessEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'process_code' })
  process?: ProcessEntity;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;
}
