import { Injectable } from '@nestjs/common';
import {
  administeredParkId,
  badInput,
  conflict,
  mayRead,
  notFound,
  PageArgs,
  paginate,
  Principal,
  readAudience,
  Resource,
  UnitOfWork,
} from '@vg/core';
import { firmsByUscc } from '@vg/firms';
import { createHash } from 'node:crypto';
import { AnnualFigureKind } from '../annual-figure-kind';
import { ImportFileInput, ImportJobFilterInput } from '../dto/import.inputs';
import { AuditState, FigureSource } from '../figure-provenance';
import { FigureWriter } from '../figure-writer';
import { ImportFileType, ImportJobEntity, ImportJobState, ImportRowError } from '../import-job.entity';
import { IMPORT_LAYOUTS, ImportLayout } from './import-layouts';
import { RegisteredFirm, resolveHeader, usccsIn, validateRows, ValidRow } from './row-validation';
import {
  assertWithinImportLimits,
  ImportTooLargeError,
  RawTable,
  readTable,
  UnreadableFileError,
} from './table-readers';

/** Decoded size cap; the request body limit (BODY_LIMIT_BYTES) applies first to the base64 text. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
export const MAX_REPORTED_ERRORS = 1000;
/** Rows written per statement; progress is reported after each chunk. */
const CHUNK_ROWS = 2000;
/** A job still RUNNING after this long was interrupted (the process stopped); its file may be imported again. */
const STALE_RUNNING_MS = 15 * 60_000;

export interface ImportOutcome {
  job: ImportJobEntity;
  replayed: boolean;
}

/**
 * Imports one bureau file: all rows or none. The job row is committed first and its progress is updated in short
 * transactions of its own while the figures are written in one transaction, so a client can watch a large file.
 * The same file (by SHA-256 of its bytes) imported again returns the earlier job and writes nothing.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly writer: FigureWriter,
  ) {}

  async importFile(principal: Principal, input: ImportFileInput): Promise<ImportOutcome> {
    const parkId = administeredParkId(principal);
    const bytes = decodeBase64(input.contentBase64);
    try {
      assertWithinImportLimits(input.format, bytes);
    } catch (error) {
      if (error instanceof ImportTooLargeError) throw badInput('contentBase64', error.message);
      throw error;
    }
    const contentHash = createHash('sha256').update(bytes).digest('hex');

    const earlier = await this.activeJob(parkId, input.fileType, contentHash);
    if (earlier?.state === ImportJobState.SUCCEEDED) return { job: earlier, replayed: true };
    if (earlier) throw conflict(`This file is being imported now (job ${earlier.id})`, 'contentBase64');

    const job = await this.startJob(principal, parkId, input, contentHash, bytes.length);
    if (!job) {
      const raced = await this.activeJob(parkId, input.fileType, contentHash);
      if (raced?.state === ImportJobState.SUCCEEDED) return { job: raced, replayed: true };
      throw conflict('This file is being imported now', 'contentBase64');
    }
    try {
      await this.run(job, IMPORT_LAYOUTS[input.fileType], bytes, principal.userId);
    } catch (error) {
      await this.finishFailed(job, [
        { row: 0, column: null, code: 'INTERRUPTED', message: 'The import stopped before its figures were written' },
      ]);
      throw error;
    }
    return { job: await this.reload(job.id), replayed: false };
  }

  async get(principal: Principal, id: string): Promise<ImportJobEntity> {
    const job = await this.unitOfWork.manager.findOne(ImportJobEntity, { where: { id } });
    if (!job || !mayRead(principal, Resource.PARK, { parkIds: [job.parkId] })) throw notFound('Import job');
    return job;
  }

  list(principal: Principal, filter: ImportJobFilterInput, page: PageArgs) {
    const query = this.unitOfWork.manager.createQueryBuilder(ImportJobEntity, 'job');
    const audience = readAudience(principal, Resource.PARK);
    if (audience.reach === 'PARK') query.where('job.park_id = :parkId', { parkId: audience.parkId });
    else if (audience.reach !== 'ALL') query.where('false');
    if (filter.parkId) query.andWhere('job.park_id = :filterParkId', { filterParkId: filter.parkId });
    if (filter.state) query.andWhere('job.state = :state', { state: filter.state });
    if (filter.fileType) query.andWhere('job.file_type = :fileType', { fileType: filter.fileType });
    return paginate(query, page);
  }

  private async run(job: ImportJobEntity, layout: ImportLayout, bytes: Buffer, userId: string): Promise<void> {
    let table: RawTable;
    try {
      table = await readTable(job.format, bytes);
    } catch (error) {
      if (error instanceof ImportTooLargeError) {
        await this.finishFailed(job, [{ row: 0, column: null, code: 'TOO_LARGE', message: error.message }]);
        throw badInput('contentBase64', error.message);
      }
      if (!(error instanceof UnreadableFileError)) throw error;
      return this.finishFailed(job, [{ row: 0, column: null, code: 'UNREADABLE_FILE', message: error.message }]);
    }
    const resolved = resolveHeader(layout, table);
    if ('errors' in resolved) return this.finishFailed(job, resolved.errors);
    const rowsTotal = table.rows.length - 1;
    if (rowsTotal === 0) {
      return this.finishFailed(job, [
        { row: 0, column: null, code: 'EMPTY_FILE', message: 'The file has no data rows' },
      ]);
    }
    await this.progress(job.id, 'rows_total', rowsTotal);

    const firms = await this.registeredFirms(usccsIn(table, resolved.header));
    const { rows, errors } = validateRows(layout, resolved.header, table, firms, job.parkId);
    if (errors.length) return this.finishFailed(job, errors, rowsTotal);

    await this.unitOfWork.run(async (tx) => {
      let written = 0;
      const provenance = {
        parkId: job.parkId,
        source: FigureSource.IMPORTED,
        importJobId: job.id,
        enteredBy: userId,
        auditState: AuditState.PENDING,
        reviewedBy: null,
      };
      for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
        const chunk = rows.slice(start, start + CHUNK_ROWS);
        written +=
          layout.period === 'YEAR'
            ? await this.writer.writeAnnual(tx, provenance, annualValues(chunk))
            : await this.writer.writeMonthly(tx, provenance, monthlyValues(chunk));
        // Outside the data transaction, so it is visible at once (it touches no key column, so no lock waits).
        await this.progress(job.id, 'rows_processed', start + chunk.length);
      }
      await tx.manager.update(
        ImportJobEntity,
        { id: job.id },
        {
          state: ImportJobState.SUCCEEDED,
          rowsProcessed: rows.length,
          figuresWritten: written,
          finishedAt: new Date(),
        },
      );
    });
  }

  private async registeredFirms(usccs: string[]): Promise<Map<string, RegisteredFirm>> {
    const found = await firmsByUscc(this.unitOfWork.manager, usccs);
    return new Map([...found].map(([uscc, firm]) => [uscc, { firmId: firm.id, parkId: firm.parkId }]));
  }

  private async activeJob(parkId: string, fileType: ImportFileType, contentHash: string) {
    const job = await this.unitOfWork.manager
      .createQueryBuilder(ImportJobEntity, 'job')
      .where('job.park_id = :parkId AND job.file_type = :fileType AND job.content_hash = :contentHash', {
        parkId,
        fileType,
        contentHash,
      })
      .andWhere(`job.state <> 'FAILED'`)
      .getOne();
    if (job?.state === ImportJobState.RUNNING && Date.now() - job.createdAt.getTime() > STALE_RUNNING_MS) {
      await this.finishFailed(job, [
        { row: 0, column: null, code: 'INTERRUPTED', message: 'The import was interrupted; nothing was written' },
      ]);
      return null;
    }
    return job;
  }

  /** Null when another request started the same file a moment earlier. */
  private async startJob(
    principal: Principal,
    parkId: string,
    input: ImportFileInput,
    contentHash: string,
    byteSize: number,
  ): Promise<ImportJobEntity | null> {
    const inserted: { id: string }[] = await this.unitOfWork.manager.query(
      `INSERT INTO import_jobs (park_id, file_type, format, file_name, content_hash, byte_size, state, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, 'RUNNING', $7)
       ON CONFLICT (park_id, file_type, content_hash) WHERE state <> 'FAILED' DO NOTHING
       RETURNING id`,
      [parkId, input.fileType, input.format, input.fileName.trim(), contentHash, byteSize, principal.userId],
    );
    return inserted.length ? this.reload(inserted[0].id) : null;
  }

  private async progress(jobId: string, column: 'rows_total' | 'rows_processed', value: number): Promise<void> {
    await this.unitOfWork.manager.query(`UPDATE import_jobs SET ${column} = $2 WHERE id = $1`, [jobId, value]);
  }

  private async finishFailed(job: ImportJobEntity, errors: ImportRowError[], rowsProcessed = 0): Promise<void> {
    await this.unitOfWork.manager.update(
      ImportJobEntity,
      { id: job.id, state: ImportJobState.RUNNING },
      {
        state: ImportJobState.FAILED,
        errorCount: errors.length,
        errors: errors.slice(0, MAX_REPORTED_ERRORS),
        rowsProcessed,
        finishedAt: new Date(),
      },
    );
  }

  private reload(id: string): Promise<ImportJobEntity> {
    return this.unitOfWork.manager.findOneOrFail(ImportJobEntity, { where: { id } });
  }
}

function decodeBase64(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    throw badInput('contentBase64', 'The file must be base64-encoded');
  }
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length === 0) throw badInput('contentBase64', 'The file is empty');
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw badInput('contentBase64', `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);
  }
  return bytes;
}

function annualValues(rows: ValidRow[]) {
  return rows.flatMap((row) =>
    row.values.map(({ column, value }) => ({
      firmId: row.firmId,
      year: row.period as number,
      kind: column.kind as AnnualFigureKind,
      value,
    })),
  );
}

function monthlyValues(rows: ValidRow[]) {
  return rows.flatMap((row) =>
    row.values.map(({ value }) => ({ firmId: row.firmId, month: row.period as string, value })),
  );
}
