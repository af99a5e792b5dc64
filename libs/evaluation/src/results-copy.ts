import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { asSystemRole, runInSystemScope } from '@vg/core';
import { EntityManager } from 'typeorm';

/** A column value as COPY's text format spells it: `\N` for null, backslash, tab and line breaks escaped. */
export function copyText(value: string | number | null): string {
  if (value === null) return '\\N';
  const text = String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : text;
}

/** A uuid[] value for COPY's text format. */
export function copyUuidArray(ids: readonly string[]): string {
  return `{${ids.join(',')}}`;
}

export const RESULT_COPY_COLUMNS = [
  'computation_id',
  'round_id',
  'park_id',
  'firm_id',
  'status',
  'population_id',
  'total',
  'rank',
  'class',
  'land_mu',
  'tax_per_mu',
  'value_added_per_mu',
  'figure_ids',
  'input_ref',
  'explanation_delta',
] as const;

/** Lines per chunk written to the COPY stream. */
const LINES_PER_CHUNK = 500;

/**
 * Writes result rows (made lazily, in order) with `COPY evaluation_results FROM STDIN` on the transaction's own connection (so the rows are
 * part of the caller's transaction). Each row gives `RESULT_COPY_COLUMNS` already in COPY text form. This is the one
 * place results are written. Under row-level security PostgreSQL refuses `COPY FROM` to a role the table's policies
 * apply to, so the copy alone runs as `vg_system` in the system scope: the rows are the service's own computation for
 * a round it has already checked the caller may compute.
 */
export async function copyResults(manager: EntityManager, rows: Iterable<string[]>): Promise<void> {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('Results are copied inside a transaction');
  const client = (await runner.connect()) as PoolClient;
  await runInSystemScope('evaluation results written by COPY', () =>
    asSystemRole({ manager }, async () => {
      const copy = client.query(copyFrom(`COPY evaluation_results (${RESULT_COPY_COLUMNS.join(', ')}) FROM STDIN`));
      await pipeline(Readable.from(chunks(rows)), copy);
    }),
  );
}

/** Lines as they are made (a row's JSON is built only when its chunk is written), a few hundred at a time. */
function* chunks(rows: Iterable<string[]>): Generator<string> {
  let chunk = '';
  let lines = 0;
  for (const row of rows) {
    chunk += row.join('\t') + '\n';
    if (++lines === LINES_PER_CHUNK) {
      yield chunk;
      chunk = '';
      lines = 0;
    }
  }
  if (lines) yield chunk;
}
