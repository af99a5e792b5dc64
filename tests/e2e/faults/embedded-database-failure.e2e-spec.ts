import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildApi, removeBuild } from './api-process';

/** When the embedded PostgreSQL truly cannot start, the api says why in one sentence, without a stack. */
describe('an embedded database that cannot start', () => {
  let build: string;
  beforeAll(() => {
    build = buildApi();
  });
  afterAll(() => removeBuild(build));

  it('stops the api with exit code 1 and a sentence naming the cause', () => {
    const run = spawnSync(process.execPath, [path.join(build, 'apps/api/src/main.js')], {
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        JWT_SECRET: 'x'.repeat(40),
        EMBEDDED_PG_DIR: '/dev/null/pg',
        LOG_LEVEL: 'silent',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^Start-up failed: The embedded PostgreSQL could not start \(.*\/dev\/null.*\); set DATABASE_URL/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
