import { RunningDatabase, startDatabase } from '@vg/core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiProcess, buildApi, freePort, graphql, GraphqlAnswer, removeBuild, startApi } from './api-process';

const DEADLINE_MS = 3_000;
/** Scheduling slack on a shared 2-core machine, on top of the deadline. */
const SLACK_MS = 1_500;
const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';

/** The processes whose parent is `pid` (from /proc). */
function childrenOf(pid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return /^PPid:\s+(\d+)$/m.exec(fs.readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1] === String(pid);
      } catch {
        return false;
      }
    })
    .map(Number);
}

interface Sample extends GraphqlAnswer {
  at: number;
  accept: string;
  code: string;
}

/**
 * The database goes away under load, on a real `main.js` process: an embedded PostgreSQL the test starts itself
 * (so it can stop and freeze it) serves the api as an external database. Clients must only ever see success or the
 * retryable SERVICE_UNAVAILABLE (503 for graphql-response+json clients), never wait past the deadline, and the api
 * must recover on its own when the database is back.
 */
describe('database outage under load', () => {
  let build: string;
  let dataDir: string;
  let port: number;
  let database: RunningDatabase;
  let api: ApiProcess;
  let token: string;

  beforeAll(async () => {
    build = buildApi();
    dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vg-outage-')), 'pg');
    port = await freePort();
    database = await startDatabase({ dataDir, port });
    api = await startApi(build, {
      DATABASE_URL: database.url,
      REQUEST_TIMEOUT_MS: String(DEADLINE_MS),
      STATEMENT_TIMEOUT_MS: '2000',
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
    });
    const registered = await graphql(
      api.url,
      'mutation ($input: RegisterBuyerInput!) { registerBuyer(input: $input) { accessToken } }',
      {
        input: {
          email: 'outage@vg.test',
          password: 'outage-password',
          displayName: 'Outage',
          organisationName: 'Outage shop',
        },
      },
    );
    token = (registered.body.data?.registerBuyer as { accessToken: string }).accessToken;
  });
  afterAll(async () => {
    await api?.stop();
    await database?.stop();
    fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
    removeBuild(build);
  });

  /** Six clients asking `me` (the session check reads the database) in a loop until told to stop. */
  function load() {
    const samples: Sample[] = [];
    const started = Date.now();
    let running = true;
    const client = async (index: number) => {
      const accept = index % 2 ? GRAPHQL_RESPONSE_JSON : 'application/json';
      while (running) {
        const at = Date.now() - started;
        const answer = await graphql(api.url, '{ me { id } }', {}, { authorization: `Bearer ${token}`, accept });
        const code = answer.body.errors?.[0]?.extensions?.code ?? (answer.body.data?.me ? 'OK' : 'NONE');
        samples.push({ ...answer, at, accept, code });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const clients = Promise.all(Array.from({ length: 6 }, (_, index) => client(index)));
    return {
      samples,
      elapsed: () => Date.now() - started,
      async stop() {
        running = false;
        await clients;
        return samples;
      },
    };
  }

  const readiness = () => fetch(`${api.url}/health/ready`).then((response) => response.status);
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function untilRecovered(traffic: ReturnType<typeof load>, since: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!traffic.samples.some((sample) => sample.at >= since && sample.code === 'OK') && Date.now() < deadline) {
      await sleep(100);
    }
    await sleep(1_000);
  }

  function expectOnlyRetryable(samples: Sample[], outageFrom: number) {
    expect(samples.length).toBeGreaterThan(50);
    const codes = new Set(samples.map((sample) => sample.code));
    expect([...codes].sort()).toEqual(['OK', 'SERVICE_UNAVAILABLE']);
    const wrongStatus = samples
      .filter(
        (sample) => sample.status !== (sample.code === 'OK' || sample.accept !== GRAPHQL_RESPONSE_JSON ? 200 : 503),
      )
      .map(({ at, code, status, accept, body }) => ({ at, code, status, accept, body }));
    expect(wrongStatus).toEqual([]);
    const slowest = Math.max(...samples.map((sample) => sample.ms));
    expect(slowest).toBeLessThanOrEqual(DEADLINE_MS + SLACK_MS);
    expect(
      samples.filter((sample) => sample.at >= outageFrom && sample.code === 'SERVICE_UNAVAILABLE'),
    ).not.toHaveLength(0);
  }

  it('stopped for 10 s: only success or SERVICE_UNAVAILABLE, never past the deadline, back without a restart', async () => {
    const pid = api.child.pid;
    const traffic = load();
    await sleep(1_500);
    const stoppedAt = traffic.elapsed();
    await database.stop();
    await sleep(1_000);
    const readyWhileDown = await readiness();
    await sleep(9_000);
    database = await startDatabase({ dataDir, port });
    const restartedAt = traffic.elapsed();
    await untilRecovered(traffic, restartedAt);
    const samples = await traffic.stop();

    expect(readyWhileDown).toBe(503);
    expectOnlyRetryable(samples, stoppedAt);
    expect(samples.filter((sample) => sample.at > restartedAt && sample.code === 'OK')).not.toHaveLength(0);
    expect(await readiness()).toBe(200);
    expect(api.child.pid).toBe(pid);
    expect(api.child.exitCode).toBeNull();
    expect(api.stray).toEqual([]);
  });

  it('frozen for 6 s: requests answered SERVICE_UNAVAILABLE by the deadline, then served again', async () => {
    const postmaster = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const traffic = load();
    await sleep(1_500);
    const frozenAt = traffic.elapsed();
    // The postmaster leads its own process group: the backends freeze with it.
    // Every backend leads a process group of its own: freeze the postmaster and each of its children.
    const frozen = [postmaster, ...childrenOf(postmaster)];
    for (const pid of frozen) process.kill(pid, 'SIGSTOP');
    try {
      await sleep(6_000);
    } finally {
      for (const pid of frozen) process.kill(pid, 'SIGCONT');
    }
    const thawedAt = traffic.elapsed();
    await untilRecovered(traffic, thawedAt);
    const samples = await traffic.stop();

    expectOnlyRetryable(samples, frozenAt);
    // Something waited for the frozen database and was cut off at the deadline, not left hanging.
    expect(samples.filter((sample) => sample.ms >= DEADLINE_MS - 200)).not.toHaveLength(0);
    expect(samples.filter((sample) => sample.at > thawedAt && sample.code === 'OK')).not.toHaveLength(0);
    expect(api.child.exitCode).toBeNull();
    expect(api.stray).toEqual([]);
  });
});
