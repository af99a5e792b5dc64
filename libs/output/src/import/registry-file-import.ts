import { Injectable } from '@nestjs/common';
import { Principal, runInSystemScope, Tx, UnitOfWork } from '@vg/core';
import { REGISTRY_LAYOUTS, RegistryImportService, RegistryKind, RegistryRecords, RegistryRow } from '@vg/firms';
import { IssuedInvitation } from '@vg/identity';
import { ImportJobEntity, ImportRowError } from '../import-job.entity';
import { ImportJobs, ImportTotals } from './import-jobs';
import { resolveColumns } from './row-validation';
import { RawTable } from './table-readers';

/**
 * A registry file (firms, land, scales): read and matched here, checked and written by the firms lib, which owns
 * those records and their rules.
 */
@Injectable()
export class RegistryFileImport {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly jobs: ImportJobs,
    private readonly registry: RegistryImportService,
  ) {}

  async check(
    job: ImportJobEntity,
    kind: RegistryKind,
    table: RawTable,
  ): Promise<{ records: RegistryRecords | null; errors: ImportRowError[] }> {
    const resolved = resolveColumns(REGISTRY_LAYOUTS[kind].columns, table);
    if ('errors' in resolved) return { records: null, errors: resolved.errors };
    const columns = Object.entries(resolved.index);
    const rows: RegistryRow[] = table.rows.slice(1).map(({ line, cells }) => ({
      line,
      values: Object.fromEntries(columns.map(([key, index]) => [key, cells[index] ?? null])),
    }));
    // Across parks: a USCC is the platform's, so one registered in another park is refused, not registered again.
    const prepared = await runInSystemScope('registry import: the park each USCC is registered in', () =>
      this.registry.prepare(this.unitOfWork.manager, job.parkId, kind, rows, new Set(columns.map(([key]) => key))),
    );
    return 'problems' in prepared
      ? { records: null, errors: prepared.problems }
      : { records: prepared.records, errors: [] };
  }

  async write(
    tx: Tx,
    job: ImportJobEntity,
    records: RegistryRecords,
    principal: Principal,
  ): Promise<ImportTotals & { invitations: IssuedInvitation[] }> {
    const outcome = await this.registry.write(tx, principal, job.parkId, records, job.id, (rows) =>
      this.jobs.progress(job.id, 'rows_processed', rows),
    );
    return {
      rowsProcessed: records.records.length,
      recordsCreated: outcome.created,
      recordsUpdated: outcome.updated,
      invitationsIssued: outcome.invitations.length,
      invitations: outcome.invitations,
    };
  }
}
