import { Client } from 'pg';
import { startDatabase } from '@vg/core';
import { runMigrations } from '../database/migrate';
import { pendingSchemaChanges } from '../database/schema-drift';

/** Fails (exit 1) when the entities need SQL that no migration has: the drift check for CI and review. */
async function main(): Promise<void> {
  const database = await startDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: '.data/pg-tools' });
  const scratch = `vg_drift_${Date.now()}`;
  const admin = new Client({ connectionString: database.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${scratch}`);
  let drift: string[];
  try {
    const url = new URL(database.url);
    url.pathname = `/${scratch}`;
    await runMigrations(url.toString());
    drift = await pendingSchemaChanges(url.toString());
  } finally {
    await admin.query(`DROP DATABASE ${scratch} WITH (FORCE)`);
    await admin.end();
    await database.stop();
  }
  if (drift.length) {
    console.error(`Entities and migrations disagree; missing SQL:\n${drift.join(';\n')}`);
    process.exit(1);
  }
  console.log('Entities and migrations agree.');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
