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
  ) {}

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
    let invitations: IssuedInvitation[];
    try {
      invitations = await this.run(job, bytes, principal, field);
    } catch (error) {
      await this.jobs.fail(job, [
        { row: 0, column: null, code: 'INTERRUPTED', message: 'The import stopped before anything was written' },
      ]);
      throw error;
    }
    return { job: await this.jobs.reload(job.id), replayed: false, invitations };
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

  private async run(
    job: ImportJobEntity,
    bytes: Buffer,
    principal: Principal,
    field: string,
  ): Promise<IssuedInvitation[]> {
    let table: RawTable;
    try {
      table = await readTable(job.format, bytes);
    } catch (error) {
      if (error instanceof ImportTooLargeError) {
        await this.jobs.fail(job, [{ row: 0, column: null, code: 'TOO_LARGE', message: error.message }]);
        throw badInput(field, error.message);
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
    await manager.update(
      ImportJobEntity,
      { id: job.id },
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
