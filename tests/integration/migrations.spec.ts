import { LoginAttemptEntity } from '@vg/identity';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ENTITIES } from '../../apps/api/src/database/entities';
import { runMigrations } from '../../apps/api/src/database/migrate';
import { MIGRATIONS } from '../../apps/api/src/database/migrations';
import { pendingSchemaChanges } from '../../apps/api/src/database/schema-drift';
import { createEmptyDatabase, withAdminClient } from '../setup/test-database';

/** An entity no migration knows about: the drift check must ask for its table. */
@Entity('drift_probe')
class DriftProbeEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'probe_note', type: 'varchar', length: 40 })
  probeNote: string;
}

/** An entity (one nothing refers to) with one column more than the migrations create. */
@Entity('login_attempts')
class LoginAttemptWithExtraColumnEntity extends LoginAttemptEntity {
  @Column({ name: 'drift_motto', type: 'varchar', length: 80, nullable: true })
  driftMotto: string | null;
}

/** Tables, columns and their types as the database has them, for before/after comparisons. */
async function schemaOf(url: string) {
  return withAdminClient(url, async (client) => {
    const { rows } = await client.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default
         FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name`,
    );
    return rows;
  });
}

describe('migrations', () => {
  let url: string;
  let firstRun: string[];

  beforeAll(async () => {
    url = await createEmptyDatabase();
    firstRun = await runMigrations(url);
  });

  it('run from an empty database, every one of them, in order', async () => {
    expect(firstRun).toEqual(MIGRATIONS.map((migration) => new migration().name ?? migration.name));
    const tables = await withAdminClient(url, async (client) => {
      const { rows } = await client.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
      return rows.map((row: { tablename: string }) => row.tablename);
    });
    expect(tables).toEqual(expect.arrayContaining(['parks', 'firms', 'land_plots', 'users', 'migrations']));
  });

  it('leave nothing for the entities to add (entities and migrations agree)', async () => {
    expect(await pendingSchemaChanges(url)).toEqual([]);
  });

  it.each([
    ['when an entity has no table yet', [...ENTITIES, DriftProbeEntity], /CREATE TABLE "drift_probe"/],
    [
      'when an entity has a column no migration adds',
      [...ENTITIES.filter((entity) => entity !== LoginAttemptEntity), LoginAttemptWithExtraColumnEntity],
      /ALTER TABLE "login_attempts" ADD "drift_motto"/,
    ],
  ])('report the missing SQL %s (the check can fail)', async (_situation, entities, expected) => {
    const drift = await pendingSchemaChanges(url, entities);
    expect(drift.length).toBeGreaterThan(0);
    expect(drift.join(';\n')).toMatch(expected);
  });

  it('change nothing when run a second time', async () => {
    const before = await schemaOf(url);
    const processesBefore = await withAdminClient(url, (client) =>
      client.query('SELECT * FROM processes ORDER BY code'),
    );
    expect(await runMigrations(url)).toEqual([]);
    expect(await schemaOf(url)).toEqual(before);
    const processesAfter = await withAdminClient(url, (client) =>
      client.query('SELECT * FROM processes ORDER BY code'),
    );
    expect(processesAfter.rows).toEqual(processesBefore.rows);
    expect(processesAfter.rows.length).toBeGreaterThan(0);
  });
});
