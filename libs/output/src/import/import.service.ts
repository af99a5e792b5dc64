import { Inject, Injectable } from '@nestjs/common';
import { auditActor } from '@vg/audit';
import {
  administeredParkId,
  APP_CONFIG,
  AppConfig,
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
import { IssuedInvitation } from '@vg/identity';
import { JobContext, JobQueue } from '@vg/jobs';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { ImportFileInput, ImportJobFilterInput } from '../dto/import.inputs';
import { ImportJobEntity, ImportJobState, ImportRowError } from '../import-job.entity';
import { FigureFileImport } from './figure-file-import';
import { IMPORT_LAYOUTS, isRegistryFileType, REGISTRY_FILE_KINDS } from './import-layouts';
import { ImportFileDescription, ImportJobs, ImportTotals } from './import-jobs';
import { RegistryFileImport } from './registry-file-import';
import {
  assertWithinImportLimits,
  ImportTooLargeError,
  RawTable,
  readTable,
  UnreadableFileError,
} from './table-readers';

export interface ImportOutcome {
  job: ImportJobEntity;
  replayed: boolean;
  /** Owner invitations a firm registry import issued: their tokens are in this answer only. */
  invitations: IssuedInvitation[];
}

export const IMPORT_JOB = 'import';

/** An import as a queued job: the file travels with it (files are capped at IMPORT_MAX_BYTES). */
interface ImportJobData {
  importJobId: string;
  contentBase64: string;
  principal: Principal;
}

/** How often a request waiting for its queued import looks at it. */
const WAIT_POLL_MS = 50;

/**
 * Imports one file into the caller's park: all rows or none. The same file (by SHA-256 of its bytes) imported again
 * returns the earlier job and writes nothing. Files of figures are written by the figure writer, registry files by
 * the firms lib; both report progress on the job and refuse a file with a row-by-row report.
 */
@Injectable()
export class ImportService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly unitOfWork: UnitOfWork,
    private readonly jobs: ImportJobs,
    private readonly figures: FigureFileImport,
    private readonly registry: RegistryFileImport,
    private readonly queue: JobQueue,
  ) {
    queue.define<ImportJobData>({
      kind: IMPORT_JOB,
      retryLimit: 2,
      retryDelaySeconds: 2,
      heartbeatSeconds: 10,
      expireInSeconds: 30 * 60,
      concurrency: 2,
      run: (data, context) => this.runQueued(data, context),
      deadLettered: async (data, reason) =>
        this.jobs.fail(await this.jobs.reload(data.importJobId), [
          { row: 0, column: null, code: 'INTERRUPTED', message: `The import stopped; nothing was written (${reason})` },
        ]),
    });
  }

  /** A file sent inside a GraphQL request, base64-encoded (small files; large ones use the upload route). */
  importFile(principal: Principal, input: ImportFileInput): Promise<ImportOutcome> {
    return this.importBytes(
      principal,
      input,
      decodeBase64(input.contentBase64, this.config.importMaxBytes),
      'contentBase64',
    );
  }

  /** `field` names the input the file came in, for errors about the file as a whole. */
  async importBytes(
    principal: Principal,
    file: ImportFileDescription,
    bytes: Buffer,
    field: string,
  ): Promise<ImportOutcome> {
    const parkId = administeredParkId(principal);
    if (bytes.length === 0) throw badInput(field, 'The file is empty');
    if (bytes.length > this.config.importMaxBytes) throw badInput(field, tooLarge(this.config.importMaxBytes));
    try {
      assertWithinImportLimits(file.format, bytes);
    } catch (error) {
      if (error instanceof ImportTooLargeError) throw badInput(field, error.message);
      throw error;
    }
    const contentHash = createHash('sha256').update(bytes).digest('hex');

    const earlier = await this.jobs.active(parkId, file.fileType, contentHash);
    if (earlier?.state === ImportJobState.SUCCEEDED) return { job: earlier, replayed: true, invitations: [] };
    if (earlier) throw conflict(`This file is being imported now (job ${earlier.id})`, field);

    const job = await this.jobs.start(principal, parkId, file, contentHash, bytes.length);
    if (!job) {
      const raced = await this.jobs.active(parkId, file.fileType, contentHash);
      if (raced?.state === ImportJobState.SUCCEEDED) return { job: raced, replayed: true, invitations: [] };
      throw conflict('This file is being imported now', field);
    }
    const queued = await this.queue
      .send<ImportJobData>({
        kind: IMPORT_JOB,
        data: { importJobId: job.id, contentBase64: bytes.toString('base64'), principal },
      })
      .catch(async (error: unknown) => {
        await this.jobs.fail(job, [
          { row: 0, column: null, code: 'INTERRUPTED', message: 'The import could not be queued; nothing was written' },
        ]);
        throw error;
      });
    const invitations = queued ? await this.awaitQueued(queued) : [];
    const finished = await this.jobs.reload(job.id);
    const refusedAsTooLarge = finished.errors?.find((error) => error.code === 'TOO_LARGE');
    if (refusedAsTooLarge) throw badInput(field, refusedAsTooLarge.message);
    return { job: finished, replayed: false, invitations };
  }

  /**
   * Waits for a queued import to end, within the request's deadline; its invitations come back in the job's output,
   * which is then deleted (their tokens are answered once and not kept). Past the deadline the job is answered as it
   * stands (RUNNING), to be followed with importJob.
   */
  private async awaitQueued(queueJobId: string): Promise<IssuedInvitation[]> {
    const deadline = Date.now() + Math.max(1_000, this.config.requestTimeoutMs - 2_000);
    while (Date.now() < deadline) {
      const queued = await this.queue.stateOf(IMPORT_JOB, queueJobId);
      if (queued?.state === 'completed') {
        const invitations = (queued.output as { invitations?: IssuedInvitation[] } | null)?.invitations ?? [];
        if (invitations.length) await this.queue.forget(IMPORT_JOB, queueJobId);
        return invitations;
      }
      if (!queued || queued.state === 'failed' || queued.state === 'cancelled') return [];
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }
    return [];
  }

  /**
   * One attempt at a queued import. A job no longer RUNNING has ended (an earlier attempt committed or refused it) and
   * is left alone; the data transaction itself turns the job SUCCEEDED only from RUNNING, so two attempts never both
   * write. A failed attempt is retried; the last one fails the job, and nothing is written.
   */
  private async runQueued(data: ImportJobData, context: JobContext): Promise<{ invitations: IssuedInvitation[] }> {
    const job = await this.jobs.reload(data.importJobId);
    if (job.state !== ImportJobState.RUNNING) return { invitations: [] };
    try {
      return { invitations: await this.run(job, Buffer.from(data.contentBase64, 'base64'), data.principal) };
    } catch (error) {
      if (context.lastAttempt) {
        await this.jobs.fail(job, [
          { row: 0, column: null, code: 'INTERRUPTED', message: 'The import stopped before anything was written' },
        ]);
        return { invitations: [] };
      }
      throw error;
    }
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

  private async run(job: ImportJobEntity, bytes: Buffer, principal: Principal): Promise<IssuedInvitation[]> {
    let table: RawTable;
    try {
      table = await readTable(job.format, bytes);
    } catch (error) {
      if (error instanceof ImportTooLargeError) {
        await this.jobs.fail(job, [{ row: 0, column: null, code: 'TOO_LARGE', message: error.message }]);
        return [];
      }
      if (!(error instanceof UnreadableFileError)) throw error;
      await this.jobs.fail(job, [{ row: 0, column: null, code: 'UNREADABLE_FILE', message: error.message }]);
      return [];
    }
    await this.jobs.recordEncoding(job.id, table.encoding);
    const rowsTotal = table.rows.length - 1;
    if (rowsTotal < 1) {
      await this.jobs.fail(job, [{ row: 0, column: null, code: 'EMPTY_FILE', message: 'The file has no data rows' }]);
      return [];
    }
    await this.jobs.progress(job.id, 'rows_total', rowsTotal);

    if (isRegistryFileType(job.fileType)) {
      const checked = await this.registry.check(job, REGISTRY_FILE_KINDS[job.fileType], table);
      if (!checked.records) return this.refuse(job, checked.errors, rowsTotal);
      const records = checked.records;
      const totals = await this.unitOfWork.run(async (tx) => {
        const written = await this.registry.write(tx, job, records, principal);
        await this.succeed(tx.manager, job, written);
        return written;
      });
      return totals.invitations;
    }
    const layout = IMPORT_LAYOUTS[job.fileType];
    const checked = await this.figures.check(job, layout, table);
    if (checked.errors.length) return this.refuse(job, checked.errors, rowsTotal);
    await this.unitOfWork.run(async (tx) => {
      const written = await this.figures.write(tx, job, layout, checked.rows, auditActor(principal));
      await this.succeed(tx.manager, job, written);
    });
    return [];
  }

  private async refuse(job: ImportJobEntity, errors: ImportRowError[], rowsTotal: number): Promise<[]> {
    await this.jobs.fail(job, errors, rowsTotal);
    return [];
  }

  /** In the data transaction: the job turns SUCCEEDED exactly when its data commits. */
  private async succeed(manager: EntityManager, job: ImportJobEntity, totals: ImportTotals): Promise<void> {
    const updated = await manager.update(
      ImportJobEntity,
      { id: job.id, state: ImportJobState.RUNNING },
      {
        state: ImportJobState.SUCCEEDED,
        rowsProcessed: totals.rowsProcessed,
        figuresWritten: totals.figuresWritten ?? 0,
        recordsCreated: totals.recordsCreated ?? 0,
        recordsUpdated: totals.recordsUpdated ?? 0,
        invitationsIssued: totals.invitationsIssued ?? 0,
        finishedAt: new Date(),
      },
    );
    // Another attempt ended the job first: this one's writes roll back with the throw.
    if (!updated.affected) throw new Error(`import job ${job.id} was no longer running`);
  }
}

function tooLarge(maxBytes: number): string {
  return `The file is larger than ${(maxBytes / 1024 / 1024).toFixed(0)} MB (IMPORT_MAX_BYTES)`;
}

function decodeBase64(text: string, maxBytes: number): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    throw badInput('contentBase64', 'The file must be base64-encoded');
  }
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length > maxBytes) throw badInput('contentBase64', tooLarge(maxBytes));
  return bytes;
}
