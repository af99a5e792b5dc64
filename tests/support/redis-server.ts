import { ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface RunningRedis {
  /** `redis://127.0.0.1:<port>`: a server of this test's own, empty, on a free port. */
  url: string;
  stop(): Promise<void>;
}

/**
 * No npm package ships a Redis server binary (Redis publishes none; redis-memory-server downloads and compiles it
 * from redis.io), so the tests start the machine's `redis-server`: Debian's package, on every machine of this kind.
 */
export const REDIS_MISSING =
  "redis-server was not found (looked at REDIS_SERVER_PATH and PATH). Install Debian's package with " +
  '`apt-get install redis-server` (`.ci/run` does), or set REDIS_SERVER_PATH to a redis-server binary.';

/** A private Redis for one test file: its own port and no persistence, so parallel runs never hear each other. */
export async function startRedisServer(): Promise<RunningRedis> {
  const binary = redisServerBinary();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'vg-redis-'));
  const server = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  server.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  try {
    await untilAnswering(port, server);
  } catch (error) {
    server.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`redis-server (${binary}) did not start: ${String(error)}\n${output.join('')}`, { cause: error });
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function redisServerBinary(): string {
  const candidates = process.env.REDIS_SERVER_PATH
    ? [process.env.REDIS_SERVER_PATH]
    : [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin']
        .filter(Boolean)
        .map((dir) => join(dir, 'redis-server'));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not this one
    }
  }
  throw new Error(REDIS_MISSING);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** PING until PONG, for up to ten seconds. */
async function untilAnswering(port: number, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`exited with code ${server.exitCode}`);
    if (await pings(port)) return;
    if (Date.now() > deadline) throw new Error('no answer to PING within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(1000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
