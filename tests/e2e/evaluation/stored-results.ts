import { readStoredResults, type StoredResult } from '@vg/evaluation';
import { DataSource } from 'typeorm';

/** A round's current results as the evaluation lib reads them back (inputs and explanations whole again). */
export async function storedResultsOf(dataSource: DataSource, roundId: string): Promise<StoredResult[]> {
  const [{ computation_id }] = await dataSource.query('SELECT computation_id FROM evaluation_rounds WHERE id = $1', [
    roundId,
  ]);
  return (await readStoredResults(dataSource.manager, roundId, computation_id, null)).results;
}
