import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The process catalogue: shared entries (no park) plus those a park adds for itself. */
@Entity('processes')
export class ProcessEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  code: string;

  @Column({ name: 'name_zh', type: 'varchar', length: 50 })
  nameZh: string;

  @Column({ name: 'name_en', type: 'varchar', length: 80 })
  nameEn: string;

  /** Null for the shared catalogue; set for a park's own extension. */
  @Column({ name: 'park_id', type: 'uuid', nullable: true })
  parkId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
