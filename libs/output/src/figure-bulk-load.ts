import { EntityManager } from 'typeorm';
import { AnnualFigureKind } from './annual-figure-kind';
import { ImportFileType, ImportFormat } from './import-job.entity';

/** A finished import job as a bulk load (the demo cluster) records it: every row read and written. */
export interface ImportJobToLoad {
  id: string;
  parkId: string;
  fileType: ImportFileType | `${ImportFileType}`;
  format: ImportFormat | `${ImportFormat}`;
  fileName: string;
  contentHash: string;
  rows: number;
  createdBy: string;
}

/** A monthly output figure read from an import job's file and approved by the park. */
export interface MonthlyOutputToLoad {
  firmId: string;
  parkId: string;
  /** `YYYY-MM-01` */
  month: string;
  /** Yuan, 2 decimals. */
  outputValue: string;
  importJobId: string;
  enteredBy: string;
}

/** A yearly figure read from an import job's file and approved by the park. */
export interface AnnualFigureToLoad {
  firmId: string;
  parkId: string;
  year: number;
  kind: AnnualFigureKind | `${AnnualFigureKind}`;
  /** Exact decimal, in the kind's unit. */
  value: string;
  importJobId: string;
  enteredBy: string;
}

/** A firm's yearly sheet, confirmed by the park. */
export interface YearSheetToLoad {
  firmId: string;
  parkId: string;
  year: number;
  confirmedBy: string;
}

const BATCH = 50_000;

async function inBatches<T>(rows: T[], load: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) await load(rows.slice(start, start + BATCH));
}

/**
 * Writes a park's history of bureau files at once, as if each had been imported and its figures approved: the
 * jobs (SUCCEEDED), the monthly and yearly figures (IMPORTED, APPROVED), and the confirmed year sheets.
 */
export async function loadImportedFigures(
  manager: EntityManager,
  history: {
    jobs: ImportJobToLoad[];
    monthly: MonthlyOutputToLoad[];
    annual: AnnualFigureToLoad[];
    sheets: YearSheetToLoad[];
  },
): Promise<void> {
  await inBatches(history.jobs, (batch) =>
    manager.query(
      `INSERT INTO import_jobs (id, park_id, file_type, format, file_name, content_hash, byte_size, state, rows_total,
                                rows_processed, created_by, finished_at)
       SELECT id, park_id, file_type, format, file_name, content_hash, 0, 'SUCCEEDED', rows, rows, created_by, now()
         FROM unnest($1::uuid[], $2::uuid[], $3::import_file_type[], $4::import_format[], $5::text[], $6::text[],
                     $7::int[], $8::uuid[])
           AS j(id, park_id, file_type, format, file_name, content_hash, rows, created_by)`,
      [
        batch.map((job) => job.id),
        batch.map((job) => job.parkId),
        batch.map((job) => job.fileType),
        batch.map((job) => job.format),
        batch.map((job) => job.fileName),
        batch.map((job) => job.contentHash),
        batch.map((job) => job.rows),
        batch.map((job) => job.createdBy),
      ],
    ),
  );
  await inBatches(history.monthly, (batch) =>
    manager.query(
      `INSERT INTO firm_monthly_output (firm_id, park_id, month, output_value, import_job_id, source, audit_state,
                                        entered_by)
       SELECT firm_id, park_id, month, output_value, import_job_id, 'IMPORTED', 'APPROVED', entered_by
         FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::numeric[], $5::uuid[], $6::uuid[])
           AS m(firm_id, park_id, month, output_value, import_job_id, entered_by)`,
      [
        batch.map((row) => row.firmId),
        batch.map((row) => row.parkId),
        batch.map((row) => row.month),
        batch.map((row) => row.outputValue),
        batch.map((row) => row.importJobId),
        batch.map((row) => row.enteredBy),
      ],
    ),
  );
  await inBatches(history.annual, (batch) =>
    manager.query(
      `INSERT INTO firm_annual_figures (firm_id, park_id, year, kind, value, import_job_id, source, audit_state,
                                        entered_by)
       SELECT firm_id, park_id, year, kind, value, import_job_id, 'IMPORTED', 'APPROVED', entered_by
         FROM unnest($1::uuid[], $2::uuid[], $3::smallint[], $4::annual_figure_kind[], $5::numeric[], $6::uuid[],
                     $7::uuid[])
           AS a(firm_id, park_id, year, kind, value, import_job_id, entered_by)`,
      [
        batch.map((row) => row.firmId),
        batch.map((row) => row.parkId),
        batch.map((row) => row.year),
        batch.map((row) => row.kind),
        batch.map((row) => row.value),
        batch.map((row) => row.importJobId),
        batch.map((row) => row.enteredBy),
      ],
    ),
  );
  await inBatches(history.sheets, (batch) =>
    manager.query(
      `INSERT INTO firm_year_sheets (firm_id, year, park_id, confirmed_at, confirmed_by)
       SELECT firm_id, year, park_id, now(), confirmed_by
         FROM unnest($1::uuid[], $2::smallint[], $3::uuid[], $4::uuid[]) AS s(firm_id, year, park_id, confirmed_by)`,
      [
        batch.map((row) => row.firmId),
        batch.map((row) => row.year),
        batch.map((row) => row.parkId),
        batch.map((row) => row.confirmedBy),
      ],
    ),
  );
}
