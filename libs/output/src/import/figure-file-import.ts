import { Injectable } from '@nestjs/common';
import { AuditActor } from '@vg/audit';
import { runInSystemScope, Tx, UnitOfWork } from '@vg/core';
import { firmsByUscc } from '@vg/firms';
import { AnnualFigureKind } from '../annual-figure-kind';
import { AuditState, FigureSource } from '../figure-provenance';
import { FigureWriter } from '../figure-writer';
import { ImportJobEntity, ImportRowError } from '../import-job.entity';
import { ImportLayout } from './import-layouts';
import { ImportJobs, ImportTotals } from './import-jobs';
import { RegisteredFirm, resolveHeader, usccsIn, validateRows, ValidRow } from './row-validation';
import { RawTable } from './table-readers';

/** Rows written per statement; progress is reported after each chunk. */
const CHUNK_ROWS = 2000;

/** A bureau's figures (yearly or monthly), matched by USCC to the park's firms and written as new versions. */
@Injectable()
export class FigureFileImport {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly jobs: ImportJobs,
    private readonly writer: FigureWriter,
  ) {}

  /** Every row checked (no writing): the valid rows, and every problem row by row. */
  async check(
    job: ImportJobEntity,
    layout: ImportLayout,
    table: RawTable,
  ): Promise<{ rows: ValidRow[]; errors: ImportRowError[] }> {
    const resolved = resolveHeader(layout, table);
    if ('errors' in resolved) return { rows: [], errors: resolved.errors };
    const firms = await this.registeredFirms(usccsIn(table, resolved.header));
    return validateRows(layout, resolved.header, table, firms, job.parkId);
  }

  /** Writes checked rows in the caller's transaction (all or nothing), reporting progress as it goes. */
  async write(
    tx: Tx,
    job: ImportJobEntity,
    layout: ImportLayout,
    rows: ValidRow[],
    actor: AuditActor,
  ): Promise<ImportTotals> {
    let written = 0;
    const provenance = {
      parkId: job.parkId,
      source: FigureSource.IMPORTED,
      importJobId: job.id,
      enteredBy: actor.userId,
      auditState: AuditState.PENDING,
      reviewedBy: null,
      actor,
    };
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      const chunk = rows.slice(start, start + CHUNK_ROWS);
      written +=
        layout.period === 'YEAR'
          ? await this.writer.writeAnnual(tx, provenance, annualValues(chunk))
          : await this.writer.writeMonthly(tx, provenance, monthlyValues(chunk));
      // Outside the data transaction, so it is visible at once (it touches no key column, so no lock waits).
      await this.jobs.progress(job.id, 'rows_processed', start + chunk.length);
    }
    return { rowsProcessed: rows.length, figuresWritten: written };
  }

  private async registeredFirms(usccs: string[]): Promise<Map<string, RegisteredFirm>> {
    // Across parks: a USCC registered in another park is told apart from an unknown one (WRONG_PARK).
    const found = await runInSystemScope('figure import: the park each USCC is registered in', () =>
      firmsByUscc(this.unitOfWork.manager, usccs),
    );
    return new Map([...found].map(([uscc, firm]) => [uscc, { firmId: firm.id, parkId: firm.parkId }]));
  }
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
