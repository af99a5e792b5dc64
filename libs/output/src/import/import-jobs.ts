import { Injectable } from '@nestjs/common';
import { Principal, UnitOfWork } from '@vg/core';
import { ImportFileType, ImportFormat, ImportJobEntity, ImportJobState, ImportRowError } from '../import-job.entity';

export const MAX_REPORTED_ERRORS = 1000;
/** A job still RUNNING after this long was interrupted (the process stopped); its file may be imported again. */
const STALE_RUNNING_MS = 15 * 60_000;

/** What a file is, as its sender says: which bureau's, which format, under which name. */
export interface ImportFileDescription {
  fileType: ImportFileType;
  format: ImportFormat;
  fileName: string;
}

/** The totals a successful import records on its job. */
export interface ImportTotals {
  rowsProcessed: number;
  figuresWritten?: number;
  recordsCreated?: number;
  recordsUpdated?: number;
  invitationsIssued?: number;
}

/**
 * An import's job row: committed before the data transaction begins and updated in short transactions of its own
 * (progress, failure), so another request can watch it while the data is being written.
 */
@Injectable()
export class ImportJobs {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  /** The park's job for this content, unless it failed; a job left RUNNING by a stopped process is failed first. */
  async active(parkId: string, fileType: ImportFileType, contentHash: string): Promise<ImportJobEntity | null> {
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
      await this.fail(job, [
        { row: 0, column: null, code: 'INTERRUPTED', message: 'The import was interrupted; nothing was written' },
      ]);
      return null;
    }
    return job;
  }

  /** Null when another request started the same file a moment earlier. */
  async start(
    principal: Principal,
    parkId: string,
    file: ImportFileDescription,
    contentHash: string,
    byteSize: number,
  ): Promise<ImportJobEntity | null> {
    const inserted: { id: string }[] = await this.unitOfWork.manager.query(
      `INSERT INTO import_jobs (park_id, file_type, format, file_name, content_hash, byte_size, state, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, 'RUNNING', $7)
       ON CONFLICT (park_id, file_type, content_hash) WHERE state <> 'FAILED' DO NOTHING
       RETURNING id`,
      [parkId, file.fileType, file.format, file.fileName.trim(), contentHash, byteSize, principal.userId],
    );
    return inserted.length ? this.reload(inserted[0].id) : null;
  }

  async progress(jobId: string, column: 'rows_total' | 'rows_processed', value: number): Promise<void> {
    await this.unitOfWork.manager.query(`UPDATE import_jobs SET ${column} = $2 WHERE id = $1`, [jobId, value]);
  }

  async recordEncoding(jobId: string, encoding: string | null): Promise<void> {
    await this.unitOfWork.manager.query('UPDATE import_jobs SET encoding = $2 WHERE id = $1', [jobId, encoding]);
  }

  async fail(job: ImportJobEntity, errors: ImportRowError[], rowsProcessed = 0): Promise<void> {
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

  reload(id: string): Promise<ImportJobEntity> {
    return this.unitOfWork.manager.findOneOrFail(ImportJobEntity, { where: { id } });
  }
}
