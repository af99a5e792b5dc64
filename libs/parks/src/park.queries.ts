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

export interface ParkTransportSettings {
  parkId: string;
  /** Yuan per piece-km, exact. */
  transportRatePerUnitKm: string;
  distanceMode: 'great-circle';
  /** km, exact; null: no limit. */
  defaultMaxDistanceKm: string | null;
}

/** How each of these parks costs transport and bounds its orders' radius, by park id; unknown parks are left out. */
export async function parkTransportSettings(
  manager: EntityManager,
  parkIds: readonly string[],
): Promise<Map<string, ParkTransportSettings>> {
  if (!parkIds.length) return new Map();
  const rows: ParkTransportSettings[] = await manager.query(
    `SELECT id AS "parkId", transport_rate_per_unit_km::text AS "transportRatePerUnitKm",
            distance_mode AS "distanceMode", default_max_distance_km::text AS "defaultMaxDistanceKm"
       FROM parks WHERE id = ANY($1::uuid[])`,
    [[...new Set(parkIds)]],
  );
  return new Map(rows.map((row) => [row.parkId, row]));
}
