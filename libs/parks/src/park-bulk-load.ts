import { EntityManager } from 'typeorm';

/** Writes many parks at once (the demo cluster), in one statement. */
export async function loadParks(
  manager: EntityManager,
  parks: { id: string; name: string; regionCode: string }[],
): Promise<void> {
  await manager.query(
    'INSERT INTO parks (id, name, region_code) SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[])',
    [parks.map((park) => park.id), parks.map((park) => park.name), parks.map((park) => park.regionCode)],
  );
}
