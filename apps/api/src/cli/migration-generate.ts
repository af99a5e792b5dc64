import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { startDatabase } from '@vg/core';
import { runMigrations } from '../database/migrate';
import { pendingSchemaChanges } from '../database/schema-drift';

/**
 * Writes a migration with the SQL that brings a database migrated to the latest migration in line with the
 * entities. Run on a scratch database (embedded unless DATABASE_URL is set); review the file, then list the
 * class in migrations/index.ts.
 */
async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name))
    throw new Error('Usage: npm run migration:generate -- PascalCaseName');
  const database = await startDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: '.data/pg-tools' });
  const scratch = `vg_migration_${Date.now()}`;
  const admin = new Client({ connectionString: database.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${scratch}`);
  try {
    const url = new URL(database.url);
    url.pathname = `/${scratch}`;
    await runMigrations(url.toString());
    const statements = await pendingSchemaChanges(url.toString());
    if (!statements.length) {
      console.log('Entities and migrations agree: nothing to generate.');
      return;
    }
    const timestamp = Date.now();
    const className = `${name}${timestamp}`;
    const body = statements.map((sql) => `    await queryRunner.query(${JSON.stringify(sql)});`).join('\n');
    const file = path.join(
      'apps/api/src/database/migrations',
      `${timestamp}-${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.ts`,
    );
    fs.writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  async up(queryRunner: QueryRunner): Promise<void> {\n${body}\n  }\n\n  async down(): Promise<void> {\n    throw new Error('Forward-only: restore from backup or write a new migration');\n  }\n}\n`,
    );
    console.log(`Wrote ${file} (${statements.length} statements). Add ${className} to migrations/index.ts.`);
  } finally {
    await admin.query(`DROP DATABASE ${scratch} WITH (FORCE)`);
    await admin.end();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
