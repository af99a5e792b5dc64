import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The bureau a file comes from, which decides its columns (see `IMPORT_LAYOUTS` and the firms lib's registry). */
export enum ImportFileType {
  TAX_BUREAU = 'TAX_BUREAU',
  STATISTICS = 'STATISTICS',
  POWER = 'POWER',
  ENVIRONMENT = 'ENVIRONMENT',
  MONTHLY_OUTPUT = 'MONTHLY_OUTPUT',
  /** 市场监管局: the firms registered in the park. */
  FIRM_REGISTRY = 'FIRM_REGISTRY',
  /** 自然资源局: land plots by certificate. */
  LAND_REGISTRY = 'LAND_REGISTRY',
  /** 统计局: the list of 规上 firms (or each firm's scale) per year. */
  SCALE_LIST = 'SCALE_LIST',
}

export enum ImportFormat {
  CSV = 'CSV',
  XLSX = 'XLSX',
}

export enum ImportJobState {
  RUNNING = 'RUNNING',
  /** Every row was valid and the figures were written, in one transaction. */
  SUCCEEDED = 'SUCCEEDED',
  /** Some row was invalid (see the error report) or the run was interrupted: nothing was written. */
  FAILED = 'FAILED',
}

export type ImportErrorCode =
  | 'UNKNOWN_USCC'
  | 'WRONG_PARK'
  | 'BAD_NUMBER'
  | 'BAD_KEY'
  | 'DUPLICATE_ROW'
  | 'BAD_VALUE'
  | 'MISSING_VALUE'
  | 'MISSING_COLUMN'
  | 'EMPTY_FILE'
  | 'UNREADABLE_FILE'
  | 'TOO_LARGE'
  | 'INTERRUPTED';

/** A row-by-row finding; never carries a figure's value (figures are sensitive). */
export interface ImportRowError {
  /** 1-based line of the file, the header being line 1; 0 for the file as a whole. */
  row: number;
  column: string | null;
  code: ImportErrorCode;
  message: string;
}

/**
 * One imported file: its identity (content hash), its progress while it runs, and its outcome. Progress is written
 * in short transactions of its own, so another request can watch it while the data transaction is still open.
 */
@Entity('import_jobs')
@Index('import_jobs_park_idx', ['parkId', 'createdAt'])
// The same file (by content) is imported once per park: a replay finds the earlier job and changes nothing.
@Index('import_jobs_content_key', ['parkId', 'fileType', 'contentHash'], { unique: true, where: `"state" <> 'FAILED'` })
export class ImportJobEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'park_id', type: 'uuid' })
  parkId: string;

  @Column({ name: 'file_type', type: 'enum', enum: ImportFileType, enumName: 'import_file_type' })
  fileType: ImportFileType;

  @Column({ type: 'enum', enum: ImportFormat, enumName: 'import_format' })
  format: ImportFormat;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName: string;

  /** SHA-256 of the file's bytes, hex. */
  @Column({ name: 'content_hash', type: 'char', length: 64 })
  contentHash: string;

  @Column({ name: 'byte_size', type: 'integer' })
  byteSize: number;

  @Column({ type: 'enum', enum: ImportJobState, enumName: 'import_job_state' })
  state: ImportJobState;

  /** Data rows in the file (the header not counted); 0 until the file is read. */
  @Column({ name: 'rows_total', type: 'integer', default: 0 })
  rowsTotal: number;

  @Column({ name: 'rows_processed', type: 'integer', default: 0 })
  rowsProcessed: number;

  /** Figures that changed (a new version written); an unchanged value writes nothing. */
  @Column({ name: 'figures_written', type: 'integer', default: 0 })
  figuresWritten: number;

  /** Registry records (firms, plots, scales) the import created, and those it changed; unchanged ones count in neither. */
  @Column({ name: 'records_created', type: 'integer', default: 0 })
  recordsCreated: number;

  @Column({ name: 'records_updated', type: 'integer', default: 0 })
  recordsUpdated: number;

  /** Owners invited by a firm registry import (one per new firm with an email or a phone). */
  @Column({ name: 'invitations_issued', type: 'integer', default: 0 })
  invitationsIssued: number;

  /** How a CSV file's text was read (UTF-8, UTF-8 (BOM), GB18030); null for a workbook or before reading. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  encoding: string | null;

  @Column({ name: 'error_count', type: 'integer', default: 0 })
  errorCount: number;

  /** The first errors, row by row (at most `MAX_REPORTED_ERRORS`). */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  errors: ImportRowError[];

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
