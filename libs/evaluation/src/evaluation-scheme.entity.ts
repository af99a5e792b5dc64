import type { EvaluationScheme } from './engine';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A scheme as data (validated by the engine when stored); never edited: a new method is a new scheme. */
@Entity('evaluation_schemes')
@Index('evaluation_schemes_park_idx', ['parkId'])
export class EvaluationSchemeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Null for a scheme every park may use (e.g. the seeded Huangyan 2022 scheme). */
  @Column({ name: 'park_id', type: 'uuid', nullable: true })
  parkId: string | null;

  @Column({ type: 'varchar', length: 80 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** The year the scheme was published for (its benchmarks' year). */
  @Column({ type: 'smallint' })
  year: number;

  @Column({ type: 'jsonb' })
  definition: EvaluationScheme;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
