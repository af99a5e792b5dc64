import { EntityManager } from 'typeorm';

/** What other contexts may ask of parks: whether one exists, and which exist. */

export async function parkExists(manager: EntityManager, parkId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query('SELECT 1 FROM parks WHERE id = $1', [parkId]);
  return rows.length > 0;
}

/** Every park's id, in id order. */
export async function allParkIds(manager: EntityManager): Promise<string[]> {
  const rows: { id: string }[] = await manager.query('SELECT id FROM parks ORDER BY id');
  return rows.map((row) => row.id);
}

export async function parkCount(manager: EntityManager): Promise<number> {
  const [{ parks }]: { parks: number }[] = await manager.query('SELECT COUNT(*)::int AS parks FROM parks');
  return parks;
}
