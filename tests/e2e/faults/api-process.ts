import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const REPOSITORY = path.resolve(__dirname, '../../..');

/**
 * The api compiled once per test file into `.data/fault-builds/<id>` (inside the checkout, so `node_modules`
 * resolves), the way `npm run build` compiles it, so a fault test runs the real `main.js` as a real process.
 */
export function buildApi(): string {
  const out = path.join(REPOSITORY, '.data', 'fault-builds', randomBytes(4).toString('hex'));
  execFileSync(
    path.join(REPOSITORY, 'node_modules', '.bin', 'swc'),
    [
      'apps',
      'libs',
      'tests/fixtures',
      'bench',
      '-d',
      out,
      '--config-file',
      '.swcrc',
      '--ignore',
      '**/*.spec.ts',
    ].concat(['--ignore', '**/*.e2e-spec.ts', '--copy-files', '-q']),
    { cwd: REPOSITORY, stdio: 'pipe' },
  );
  return out;
}

export function removeBuild(out: string): void {
  fs.rmSync(out, { recursive: true, force: true });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface ApiProcess {
  url: string;
  child: ChildProcess;
  /** Parsed JSON log lines so far (pino on stdout). */
  logs: Record<string, unknown>[];
  /** Lines on stdout that are not JSON, and everything on stderr: nothing should land here. */
  stray: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): Promise<void>;
}

/** Starts `main.js` of a build with the given environment and waits until it answers /health. */
export async function startApi(build: string, env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(build, 'apps/api/src/main.js')], {
    cwd: REPOSITORY,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      NODE_ENV: 'production',
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'info',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOAD_DEMO_CLUSTER: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const stray: string[] = [];
  const collect = (stream: NodeJS.ReadableStream | null, json: boolean) => {
    let buffered = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) {
        if (!json) {
          stray.push(line);
          continue;
        }
        try {
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
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`the api exited with ${child.exitCode} before it answered: ${stray.join('\n')}`);
    }
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the api did not answer within 90 s: ${stray.join('\n')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    child,
    logs,
    stray,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface GraphqlAnswer {
  status: number;
  ms: number;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** One GraphQL request over HTTP; a connection failure is an answer too (status 0), never a throw. */
export async function graphql(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphqlAnswer> {
  const started = Date.now();
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let body: GraphqlAnswer['body'];
    try {
      body = JSON.parse(text) as GraphqlAnswer['body'];
    } catch {
      body = { errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
    }
    return { status: response.status, ms: Date.now() - started, body };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const message = `${String(error)}${cause ? ` (${cause.code ?? cause.message})` : ''}`;
    return { status: 0, ms: Date.now() - started, body: { errors: [{ message }] } };
  }
}

/** The demo cluster's users (loaded with LOAD_DEMO_CLUSTER=true), all with this password. */
export const DEMO_PASSWORD = 'demo-password';

export async function signIn(url: string, email: string, password = DEMO_PASSWORD): Promise<string> {
  const answer = await graphql(url, 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }', {
    input: { email, password },
  });
  const token = (answer.body.data?.login as { accessToken?: string } | undefined)?.accessToken;
  if (!token) throw new Error(`sign-in of ${email} failed: ${JSON.stringify(answer.body)}`);
  return token;
}

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** An order the demo cluster can quote (its capacity covers 45 days from today): cutting then sewing. */
export const demoOrderInput = (idempotencyKey: string) => ({
  input: {
    idempotencyKey,
    product: 'T-shirt',
    quantity: 2000,
    route: [
      { processCode: 'CUTTING', leadDays: 1, maxUnitPrice: '3.00' },
      { processCode: 'SEWING', leadDays: 1, maxUnitPrice: '20.00' },
    ],
    earliestStart: isoDay(3),
    dueDate: isoDay(25),
  },
});

export const POST_ORDER = 'mutation ($input: PostOrderInput!) { postOrder(input: $input) { order { id } } }';
export const PREVIEW_QUOTE = 'query ($input: PostOrderInput!) { previewQuote(input: $input) { feasible } }';
