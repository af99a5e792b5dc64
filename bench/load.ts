/**
 * `npm run load`: the fleet on this machine under mixed traffic. Two api replicas (JOB_WORKERS=false) and one worker,
 * each a real process of the build, over one scratch database with the demo cluster (DEMO_FIRMS, 300 by default).
 * Lanes of clients send, to both replicas in turn: quotes (previewQuote), posts (postOrder), accepts (the owner of
 * the firm a proposal was made to accepting it), cockpit reads (orders and capacity); a park admin starts a re-plan
 * in the background every LOAD_REPLAN_EVERY_SECONDS. Bounded in time (LOAD_SECONDS) and count (LOAD_MAX_REQUESTS);
 * traffic goes to 127.0.0.1 only. The demo has one buyer and one owner, so the bench adds LOAD_BUYERS buyers (the
 * quote's rate limit is per user) and an owner account per firm, with the demo users' password hashes. Prints
 * throughput, p50/p95/p99 per operation and errors by kind, and writes bench/results/load.json.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { scratchDatabase } from './scratch-database';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const MAX_REQUESTS = Number(process.env.LOAD_MAX_REQUESTS ?? 20_000);
const LANES = Number(process.env.LOAD_CONCURRENCY ?? 16);
const REPLAN_EVERY_SECONDS = Number(process.env.LOAD_REPLAN_EVERY_SECONDS ?? 15);
const DEMO_FIRMS = process.env.DEMO_FIRMS ?? '300';
const OUT = process.env.LOAD_OUT ?? path.join(process.cwd(), 'bench', 'results', 'load.json');
const DEMO_PASSWORD = 'demo-password';
/** Buyers sharing the quotes: each may quote 30 times a minute (the quote's rate limit is per user). */
const BUYERS = Number(process.env.LOAD_BUYERS ?? 20);
/** Share of the lanes' requests per operation. */
const MIX = { quote: 40, post: 15, accept: 10, cockpit: 35 } as const;

type Operation = keyof typeof MIX | 'replan';

interface Outcome {
  operation: Operation;
  ms: number;
  /** OK, a GraphQL error code, HTTP_<status>, or NETWORK. */
  kind: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface FleetMember {
  name: string;
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function startMember(role: 'api' | 'worker', name: string, env: Record<string, string>): Promise<FleetMember> {
  const port = await freePort();
  const entry = path.join(__dirname, '..', 'apps', 'api', 'src', role === 'api' ? 'main.js' : 'worker.js');
  const child = spawn(process.execPath, [entry], {
    env: { ...process.env, ...env, ...(role === 'api' ? { PORT: String(port) } : { METRICS_PORT: String(port) }) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const probe = role === 'api' ? `${url}/health/ready` : `${url}/metrics`;
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}`);
    if ((await fetch(probe).catch(() => null))?.ok) break;
    if (Date.now() > deadline) throw new Error(`${name} was not ready within 300 s`);
    await sleep(250);
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    name,
    url,
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, sleep(30_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}

async function graphql(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token?: string,
): Promise<{ kind: string; data?: Record<string, unknown> }> {
  try {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    if (response.status !== 200) {
      await response.arrayBuffer();
      return { kind: `HTTP_${response.status}` };
    }
    const body = (await response.json()) as {
      data?: Record<string, unknown>;
      errors?: { extensions?: { code?: string } }[];
    };
    if (body.errors?.length) return { kind: body.errors[0].extensions?.code ?? 'UNKNOWN', data: body.data };
    return { kind: 'OK', data: body.data };
  } catch {
    return { kind: 'NETWORK' };
  }
}

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
const orderInput = (idempotencyKey: string, quantity: number) => ({
  idempotencyKey,
  product: 'T-shirt',
  quantity,
  route: [
    { processCode: 'CUTTING', leadDays: 1, maxUnitPrice: '3.00' },
    { processCode: 'SEWING', leadDays: 1, maxUnitPrice: '20.00' },
  ],
  earliestStart: isoDay(3),
  dueDate: isoDay(25),
});

const QUOTE = 'query ($input: PostOrderInput!) { previewQuote(input: $input) { feasible } }';
const POST = 'mutation ($input: PostOrderInput!) { postOrder(input: $input) { order { id } } }';
const ACCEPT = `mutation ($id: ID!) { acceptProposal(id: $id) { __typename } }`;
const COCKPIT_ORDERS = `query ($from: Date!, $to: Date!) { cockpitOrders(from: $from, to: $to) { totals { posted } } }`;
const COCKPIT_CAPACITY = `query ($from: Date!, $to: Date!) { cockpitCapacity(from: $from, to: $to) { today cells { processCode } } }`;
const REPLAN = 'mutation { startReplan { id } }';

/** Buyers of the demo buyer's organisation and an owner per firm, signing in with the demo password. */
async function addLoadUsers(db: Pool): Promise<void> {
  const hashOf = async (email: string) =>
    (await db.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE email = $1', [email])).rows[0]
      .password_hash;
  await db.query(
    `INSERT INTO users (email, display_name, password_hash, role, buyer_org_id)
     SELECT 'load-buyer-' || n || '@demo.vg', 'load buyer ' || n, $1, 'BUYER', u.buyer_org_id
       FROM generate_series(0, $2 - 1) n, users u WHERE u.email = 'buyer@demo.vg'`,
    [await hashOf('buyer@demo.vg'), BUYERS],
  );
  await db.query(
    `INSERT INTO users (email, display_name, password_hash, role, park_id, firm_id)
     SELECT 'load-owner-' || f.id || '@demo.vg', 'load owner', $1, 'SME_OWNER', f.park_id, f.id FROM firms f`,
    [await hashOf('owner@demo.vg')],
  );
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const log = (message: string) => console.error(`[load] ${message}`);
  const database = await scratchDatabase('load', log);
  const members: FleetMember[] = [];
  try {
    const env = {
      NODE_ENV: 'production',
      DATABASE_URL: database.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      DEMO_FIRMS,
      JOB_MONITOR_SECONDS: '5',
    };
    log(`starting api-1 (loads the demo cluster of ${DEMO_FIRMS} firms)`);
    members.push(await startMember('api', 'api-1', { ...env, LOAD_DEMO_CLUSTER: 'true', JOB_WORKERS: 'false' }));
    members.push(await startMember('api', 'api-2', { ...env, LOAD_DEMO_CLUSTER: 'false', JOB_WORKERS: 'false' }));
    members.push(await startMember('worker', 'worker-1', { ...env, LOAD_DEMO_CLUSTER: 'false' }));
    const replicas = members.filter((member) => member.name.startsWith('api')).map((member) => member.url);

    const signIn = async (email: string) => {
      const answer = await graphql(
        replicas[0],
        'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
        { input: { email, password: DEMO_PASSWORD } },
      );
      const token = (answer.data?.login as { accessToken?: string } | undefined)?.accessToken;
      if (!token) throw new Error(`sign-in of ${email} failed: ${answer.kind}`);
      return token;
    };
    const db = new Pool({ connectionString: database.url, max: 2 });
    // An idle connection ended by the server is replaced on the next query; say so rather than crash.
    db.on('error', (error) => log(`bench connection lost: ${error.message}`));
    await addLoadUsers(db);
    // One after the other: each sign-in hashes a password (argon2id), and twenty at once would queue past the deadline.
    const buyers: string[] = [];
    for (let index = 0; index < BUYERS; index++) buyers.push(await signIn(`load-buyer-${index}@demo.vg`));
    const admin = await signIn('park-admin@demo.vg');
    const ownerTokens = new Map<string, Promise<string>>();
    const ownerOf = (firmId: string) => {
      if (!ownerTokens.has(firmId)) ownerTokens.set(firmId, signIn(`load-owner-${firmId}@demo.vg`));
      return ownerTokens.get(firmId)!;
    };

    const outcomes: Outcome[] = [];
    const acceptTried = new Set<string>();
    let sent = 0;
    let sequence = 0;
    const startedAt = Date.now();
    const deadline = startedAt + SECONDS * 1000;
    const timed = async (operation: Operation, send: () => Promise<{ kind: string }>) => {
      const start = performance.now();
      const { kind } = await send();
      outcomes.push({ operation, ms: performance.now() - start, kind });
    };
    const weighted = Object.entries(MIX).flatMap(([operation, weight]) => Array(weight).fill(operation) as Operation[]);
    const lane = async (index: number) => {
      while (Date.now() < deadline && sent < MAX_REQUESTS) {
        sent += 1;
        const url = replicas[sequence++ % replicas.length];
        const buyer = buyers[sequence % buyers.length];
        const operation = weighted[Math.floor(Math.random() * weighted.length)];
        if (operation === 'quote') {
          await timed('quote', () =>
            graphql(url, QUOTE, { input: orderInput(`load-q-${index}-${sequence}`, 2000) }, buyer),
          );
        } else if (operation === 'post') {
          await timed('post', () =>
            graphql(url, POST, { input: orderInput(`load-p-${index}-${sequence}`, 500) }, buyer),
          );
        } else if (operation === 'accept') {
          const [proposal] = (
            await db.query<{ id: string; firm_id: string }>(
              `SELECT id, firm_id FROM proposals WHERE status = 'PROPOSED' AND NOT (id = ANY($1::uuid[]))
                ORDER BY random() LIMIT 1`,
              [[...acceptTried]],
            )
          ).rows;
          if (!proposal) {
            outcomes.push({ operation: 'accept', ms: 0, kind: 'NOTHING_TO_ACCEPT' });
            continue;
          }
          acceptTried.add(proposal.id);
          const owner = await ownerOf(proposal.firm_id);
          await timed('accept', () => graphql(url, ACCEPT, { id: proposal.id }, owner));
        } else {
          const query = sequence % 2 ? COCKPIT_ORDERS : COCKPIT_CAPACITY;
          await timed('cockpit', () => graphql(url, query, { from: isoDay(-30), to: isoDay(30) }, admin));
        }
      }
    };
    const replans = (async () => {
      while (Date.now() < deadline && sent < MAX_REQUESTS) {
        await timed('replan', () => graphql(replicas[0], REPLAN, {}, admin));
        await sleep(REPLAN_EVERY_SECONDS * 1000);
      }
    })();
    log(`${LANES} lanes for ${SECONDS} s (at most ${MAX_REQUESTS} requests)`);
    await Promise.all([...Array.from({ length: LANES }, (_, index) => lane(index)), replans]);
    const elapsedSeconds = (Date.now() - startedAt) / 1000;
    await db.end();

    const operations = (['quote', 'post', 'accept', 'cockpit', 'replan'] as Operation[]).map((operation) => {
      const mine = outcomes.filter((outcome) => outcome.operation === operation);
      // An accept lane that found no proposal open sent nothing: counted, not timed.
      const ms = mine
        .filter((outcome) => outcome.kind !== 'NOTHING_TO_ACCEPT')
        .map((outcome) => outcome.ms)
        .sort((a, b) => a - b);
      const kinds: Record<string, number> = {};
      for (const outcome of mine) kinds[outcome.kind] = (kinds[outcome.kind] ?? 0) + 1;
      return {
        operation,
        requests: mine.length,
        perSecond: Number((mine.length / elapsedSeconds).toFixed(1)),
        p50Ms: Number(percentile(ms, 50).toFixed(1)),
        p95Ms: Number(percentile(ms, 95).toFixed(1)),
        p99Ms: Number(percentile(ms, 99).toFixed(1)),
        outcomes: kinds,
      };
    });
    const report = {
      benchmark: 'load',
      ranAt: new Date().toISOString(),
      cpus: os.cpus().length,
      loadAverage: os.loadavg().map((value) => Number(value.toFixed(2))),
      fleet: { apiReplicas: 2, workers: 1, demoFirms: Number(DEMO_FIRMS), database: database.kind },
      lanes: LANES,
      seconds: Number(elapsedSeconds.toFixed(1)),
      requests: outcomes.length,
      perSecond: Number((outcomes.length / elapsedSeconds).toFixed(1)),
      operations,
    };
    mkdirSync(path.dirname(OUT), { recursive: true });
    writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`| operation | requests | req/s | p50 ms | p95 ms | p99 ms | outcomes |`);
    console.log(`|---|---:|---:|---:|---:|---:|---|`);
    for (const row of operations) {
      const kinds = Object.entries(row.outcomes)
        .map(([kind, count]) => `${kind} ${count}`)
        .join(', ');
      console.log(
        `| ${row.operation} | ${row.requests} | ${row.perSecond} | ${row.p50Ms} | ${row.p95Ms} | ${row.p99Ms} | ${kinds} |`,
      );
    }
    console.log(
      `\n${report.requests} requests in ${report.seconds} s (${report.perSecond}/s), ${LANES} lanes; load average ${report.loadAverage.join(' ')} on ${report.cpus} cores`,
    );
  } finally {
    for (const member of members.reverse()) await member.stop();
    await database.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
