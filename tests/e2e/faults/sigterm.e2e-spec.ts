import { startDatabase } from '@vg/core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import {
  ApiProcess,
  buildApi,
  demoOrderInput,
  graphql,
  POST_ORDER,
  PREVIEW_QUOTE,
  removeBuild,
  signIn,
  startApi,
} from './api-process';

const IN_FLIGHT = 40;
const DEMO = { LOAD_DEMO_CLUSTER: 'true', DEMO_FIRMS: '150' };

/**
 * SIGTERM while 40 requests are in flight, on a real `main.js` process over the demo cluster: half post orders (a
 * quote and a transaction each), half preview quotes, so together they take a while. Every one must be answered with
 * its result, the process must exit 0, and every acknowledged order must be in the database afterwards.
 */
describe('SIGTERM with requests in flight', () => {
  let build: string;
  beforeAll(() => {
    build = buildApi();
  });
  afterAll(() => removeBuild(build));

  async function drainUnderLoad(api: ApiProcess) {
    const [buyer, parkAdmin, platformAdmin] = await Promise.all(
      ['buyer@demo.vg', 'park-admin@demo.vg', 'platform@demo.vg'].map((email) => signIn(api.url, email)),
    );
    const keys = Array.from({ length: IN_FLIGHT / 2 }, (_, index) => `drain-order-${index}-${Date.now()}`);
    const requests = [
      ...keys.map((key) => graphql(api.url, POST_ORDER, demoOrderInput(key), { authorization: `Bearer ${buyer}` })),
      ...Array.from({ length: IN_FLIGHT / 2 }, (_, index) =>
        graphql(api.url, PREVIEW_QUOTE, demoOrderInput(`drain-preview-${index}`), {
          authorization: `Bearer ${index % 2 ? parkAdmin : platformAdmin}`,
        }),
      ),
    ];
    // Once the first answer is back the server is busy with the others: ask it to stop then.
    await Promise.race(requests);
    api.child.kill('SIGTERM');
    // Once the api says it is draining, a new connection must not be served as usual.
    while (!api.logs.some((line) => line.msg === 'draining: refusing new connections')) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const newcomer = await fetch(`${api.url}/health/ready`).then(
      (response) => response.status,
      () => 0,
    );
    const answers = await Promise.all(requests);
    const exit = await api.exited;
    return { keys, answers, exit, newcomer };
  }

  function expectAllAnswered(result: Awaited<ReturnType<typeof drainUnderLoad>>, api: ApiProcess) {
    expect(result.answers).toHaveLength(IN_FLIGHT);
    const unanswered = result.answers
      .filter((answer) => answer.status !== 200 || answer.body.errors)
      .map((answer) => ({ status: answer.status, ms: answer.ms, errors: answer.body.errors }));
    // On failure, the drain's own log lines say when the api let go of what.
    const drainLog = api.logs.filter((line) => /drain|grace|stopped/.test(String(line.msg)));
    expect({ unanswered, drainLog }).toEqual({ unanswered: [], drainLog: expect.anything() });
    for (const answer of result.answers) expect(Object.values(answer.body.data ?? {})[0]).toBeTruthy();
    expect(result.exit).toEqual({ code: 0, signal: null });
    // A new connection after the signal is refused (or told the replica is not ready), never served as usual.
    expect(result.newcomer).not.toBe(200);
    const draining = api.logs.find((line) => line.msg === 'draining: refusing new connections');
    expect(draining).toMatchObject({ signal: 'SIGTERM' });
    expect(Number(draining?.inFlight)).toBeGreaterThan(IN_FLIGHT / 4);
    expect(
      api.logs.find((line) => line.msg === 'grace period over: closing the remaining connections'),
    ).toBeUndefined();
    expect(api.logs.at(-1)).toMatchObject({ msg: 'stopped', exitCode: 0 });
    expect(api.stray).toEqual([]);
  }

  const countOrders = async (url: string, keys: string[]) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT count(*)::int AS n FROM orders WHERE idempotency_key = ANY($1)', [
        keys,
      ]);
      return rows[0].n as number;
    } finally {
      await client.end();
    }
  };

  it('with the embedded database: every request answered, exit 0, PostgreSQL stopped by us afterwards', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-fault-pg-'));
    try {
      const api = await startApi(build, { ...DEMO, EMBEDDED_PG_DIR: path.join(dataDir, 'pg') });
      const result = await drainUnderLoad(api);
      expectAllAnswered(result, api);
      // Stopped cleanly by the api (no postmaster.pid left), and nothing acknowledged was lost.
      expect(fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
      const database = await startDatabase({ dataDir: path.join(dataDir, 'pg') });
      try {
        expect(await countOrders(database.url, result.keys)).toBe(IN_FLIGHT / 2);
      } finally {
        await database.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('with an external database: every request answered, exit 0, nothing acknowledged lost', async () => {
    const database = await startDatabase({ persistent: false });
    try {
      const api = await startApi(build, { ...DEMO, DATABASE_URL: database.url });
      const result = await drainUnderLoad(api);
      expectAllAnswered(result, api);
      expect(await countOrders(database.url, result.keys)).toBe(IN_FLIGHT / 2);
    } finally {
      await database.stop();
    }
  });
});
