import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { freePort } from '../faults/api-process';

const REPOSITORY = path.resolve(__dirname, '../../..');

/** A process of the fleet (an api replica or a worker) started from a build, with its JSON log lines. */
export interface FleetProcess {
  name: string;
  child: ChildProcess;
  /** The api's URL, or the worker's metrics URL. */
  url: string;
  logs: Record<string, unknown>[];
  stray: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** True once a log line has mentioned this text (e.g. a job id). */
  logged(text: string): boolean;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** What every process of one fleet shares: the database, the signing key, the schedule. */
export function fleetEnvironment(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString('hex'),
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    LOAD_DEMO_CLUSTER: 'false',
    // A dead worker's job is noticed within seconds, not the default minute.
    JOB_MONITOR_SECONDS: '2',
    JOB_POLL_SECONDS: '1',
    ...extra,
  };
}

/** Starts `main.js` (role api) or `worker.js` (role worker) of a build and waits until it is ready. */
export async function startFleetProcess(
  build: string,
  role: 'api' | 'worker',
  name: string,
  env: Record<string, string>,
): Promise<FleetProcess> {
  const port = await freePort();
  const entry = path.join(build, 'apps/api/src', role === 'api' ? 'main.js' : 'worker.js');
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    cwd: REPOSITORY,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      ...env,
      ...(role === 'api' ? { PORT: String(port) } : { METRICS_PORT: String(port) }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const lines: string[] = [];
  const stray: string[] = [];
  const collect = (stream: NodeJS.ReadableStream | null, json: boolean) => {
    let buffered = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts.filter(Boolean)) {
        lines.push(line);
        try {
          if (!json) throw new Error('stderr');
          logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          stray.push(line);
        }
      }
    });
  };
  collect(child.stdout, true);
  collect(child.stderr, false);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const ready = async () => {
    if (role === 'worker') return lines.some((line) => line.includes('worker ready'));
    return (await fetch(`${url}/health/ready`).catch(() => null))?.ok === true;
  };
  const deadline = Date.now() + 120_000;
  while (!(await ready())) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}: ${stray.join('\n')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within 120 s: ${stray.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    name,
    child,
    url,
    logs,
    stray,
    exited,
    logged: (text) => lines.some((line) => line.includes(text)),
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
