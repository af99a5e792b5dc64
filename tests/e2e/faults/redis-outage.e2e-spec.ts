import { RunningDatabase, startDatabase } from '@vg/core';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ApiProcess, buildApi, freePort, graphql, removeBuild, startApi } from './api-process';

/** A redis-server of the test's own (the shared one on 6379 must not be stopped), or null when none is installed. */
function redisServerBinary(): string | null {
  try {
    return execFileSync('which', ['redis-server'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}
const REDIS_SERVER = redisServerBinary();

async function startRedis(port: number): Promise<ChildProcess> {
  const redis = spawn(
    REDIS_SERVER as string,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'pipe' });
      return redis;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  redis.kill('SIGKILL');
  throw new Error(`redis-server did not answer on port ${port}`);
}

async function stopRedis(redis: ChildProcess): Promise<void> {
  if (redis.exitCode !== null) return;
  const exited = new Promise((resolve) => redis.once('exit', resolve));
  redis.kill('SIGKILL');
  await exited;
}

interface OrderEventsSubscriber {
  events: { type: string; orderId: string }[];
  errors: { message: string; extensions?: { code?: string } }[][];
  completed: boolean;
  close(): Promise<void>;
}

/** Both api processes sign with the same key, as replicas do. */
const SHARED = { JWT_SECRET: randomBytes(32).toString('hex') };
const ORDER_EVENTS = 'subscription { orderEvents { type orderId } }';
const POST_ORDER = 'mutation ($input: PostOrderInput!) { postOrder(input: $input) { order { id } } }';
const orderInput = (key: string) => ({
  input: {
    idempotencyKey: key,
    product: 'T-shirt',
    quantity: 100,
    route: [{ processCode: 'SEWING', leadDays: 1, maxUnitPrice: '20.00' }],
    earliestStart: new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10),
    dueDate: new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10),
  },
});

function subscribeToOrderEvents(url: string, token: string): OrderEventsSubscriber {
  const client = createClient({
    url: `${url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
  });
  const subscriber: OrderEventsSubscriber = {
    events: [],
    errors: [],
    completed: false,
    async close() {
      unsubscribe();
      await client.dispose();
    },
  };
  const unsubscribe = client.subscribe<{ orderEvents: { type: string; orderId: string } }>(
    { query: ORDER_EVENTS },
    {
      next: (result) => {
        if (result.data) subscriber.events.push(result.data.orderEvents);
      },
      error: (error) => subscriber.errors.push(error as OrderEventsSubscriber['errors'][number]),
      complete: () => (subscriber.completed = true),
    },
  );
  return subscriber;
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const readiness = async (url: string) => {
  const response = await fetch(`${url}/health/ready`);
  return { status: response.status, body: (await response.json()) as Record<string, string> };
};

/**
 * Redis (the subscription fan-out between replicas) goes away under a real `main.js` process, and is away when it
 * starts. The api must keep serving, say it is degraded, log through its logger, and end live subscriptions with
 * an error rather than let them go silently stale. Skipped when this machine has no redis-server binary, since the
 * test must stop and start a Redis of its own.
 */
(REDIS_SERVER ? describe : describe.skip)('Redis outage', () => {
  let build: string;
  let database: RunningDatabase;
  let redisPort: number;
  let redis: ChildProcess;
  let api: ApiProcess;
  let buyer: string;

  beforeAll(async () => {
    build = buildApi();
    database = await startDatabase({ persistent: false });
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    api = await startApi(build, { ...SHARED, DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${redisPort}` });
    const registered = await graphql(
      api.url,
      'mutation ($input: RegisterBuyerInput!) { registerBuyer(input: $input) { accessToken } }',
      { input: { email: 'redis@vg.test', password: 'redis-outage-1', displayName: 'R', organisationName: 'R shop' } },
    );
    buyer = (registered.body.data?.registerBuyer as { accessToken: string }).accessToken;
  });
  afterAll(async () => {
    await api?.stop();
    if (redis) await stopRedis(redis);
    await database?.stop();
    removeBuild(build);
  });

  const postOrder = (key: string) =>
    graphql(api.url, POST_ORDER, orderInput(key), { authorization: `Bearer ${buyer}` });

  it('keeps serving while Redis is down, reports degraded, and ends subscriptions with SERVICE_UNAVAILABLE', async () => {
    expect(await readiness(api.url)).toEqual({ status: 200, body: { status: 'ready', database: 'up', redis: 'up' } });
    const subscriber = subscribeToOrderEvents(api.url, buyer);
    // Subscriptions start asynchronously: post until the first event arrives.
    await until(async () => {
      await postOrder(`redis-warmup-${Date.now()}`);
      return subscriber.events.length > 0;
    });

    await stopRedis(redis);
    await until(() => subscriber.errors.length > 0);
    expect(subscriber.errors[0][0]).toMatchObject({
      message: expect.stringMatching(/events may have been missed/),
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });

    const whileDown = await postOrder(`redis-down-${Date.now()}`);
    expect(whileDown.body.errors).toBeUndefined();
    expect(whileDown.body.data?.postOrder).toMatchObject({ order: { id: expect.any(String) } });
    expect(await readiness(api.url)).toEqual({
      status: 200,
      body: { status: 'degraded', database: 'up', redis: 'down' },
    });

    // Some seconds of reconnect attempts later: errors went through the logger, a line per outage, none raw.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const redisLines = api.logs.filter((line) => line.context === 'Redis');
    expect(redisLines).not.toHaveLength(0);
    expect(redisLines.length).toBeLessThanOrEqual(6);
    expect(api.stray).toEqual([]);
    await subscriber.close();
  });

  it('comes back when Redis does: ready again, and a new subscription hears events', async () => {
    redis = await startRedis(redisPort);
    await until(async () => (await readiness(api.url)).body.redis === 'up');
    expect(await readiness(api.url)).toEqual({ status: 200, body: { status: 'ready', database: 'up', redis: 'up' } });
    const subscriber = subscribeToOrderEvents(api.url, buyer);
    await until(async () => {
      await postOrder(`redis-back-${Date.now()}`);
      return subscriber.events.length > 0;
    });
    expect(subscriber.events[0]).toMatchObject({ type: 'PLAN_MADE', orderId: expect.any(String) });
    expect(subscriber.errors).toEqual([]);
    await subscriber.close();
  });

  it('starts without Redis, serves, and says it is degraded', async () => {
    const nobody = await freePort();
    const lonely = await startApi(build, {
      ...SHARED,
      DATABASE_URL: database.url,
      REDIS_URL: `redis://127.0.0.1:${nobody}`,
    });
    try {
      const me = await graphql(lonely.url, '{ me { id } }', {}, { authorization: `Bearer ${buyer}` });
      expect(me.body.errors).toBeUndefined();
      expect(await readiness(lonely.url)).toEqual({
        status: 200,
        body: { status: 'degraded', database: 'up', redis: 'down' },
      });
      // A subscriber on a replica that cannot reach Redis is told at once that it would miss events.
      const subscriber = subscribeToOrderEvents(lonely.url, buyer);
      await until(() => subscriber.errors.length > 0);
      expect(subscriber.errors[0][0]).toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' } });
      await subscriber.close();
      expect(lonely.stray).toEqual([]);
    } finally {
      await lonely.stop();
    }
  });
});
