import { createListing, postOrder } from '../../support/operations';
import { loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';

/** The metric names the README documents; each must be exposed from the first scrape on. */
const DOCUMENTED = [
  'vg_graphql_request_duration_seconds',
  'vg_graphql_errors_total',
  'vg_job_duration_seconds',
  'vg_jobs_dead_lettered_total',
  'vg_job_queue_jobs',
  'vg_db_pool_connections',
  'vg_booking_conflicts_total',
  'vg_transaction_retries_total',
  'vg_quote_duration_seconds',
  'vg_process_cpu_seconds_total',
];

/** One sample's value from the exposition text, or null when the series is absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = (match[2] ?? '').split(',');
    if (wanted.every((label) => present.includes(label))) return Number(match[3]);
  }
  return null;
}

describe('GET /metrics', () => {
  let app: TestApp;
  let tokens: Tokens;

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
  });
  afterAll(() => app.close());

  const scrape = async () => {
    const response = await fetch(`${app.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };

  it('exposes every documented metric, without signing in', async () => {
    const text = await scrape();
    for (const name of DOCUMENTED) expect(text).toContain(`# TYPE ${name} `);
    expect(sample(text, 'vg_db_pool_connections', { state: 'total' })).toBeGreaterThan(0);
    expect(sample(text, 'vg_job_queue_jobs', { kind: 'replan', state: 'queued' })).toBe(0);
  });

  it('times GraphQL requests per operation (named by root field) and counts errors by code', async () => {
    const before = await scrape();
    const count = (text: string) =>
      sample(text, 'vg_graphql_request_duration_seconds_count', { operation: 'replanJobs', type: 'query' }) ?? 0;
    dataOf(await app.gql('query Anything { replanJobs(first: 5) { totalCount } }', {}, tokens.parkAdminA));
    const denied = await app.gql('{ replanJobs(first: 5) { totalCount } }');
    expect(denied.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const after = await scrape();
    expect(count(after) - count(before)).toBe(2);
    expect(sample(after, 'vg_graphql_errors_total', { operation: 'replanJobs', code: 'UNAUTHENTICATED' })).toBe(1);
    expect(after).not.toContain('operation="Anything"');
  });

  it('times quotes and queued jobs by kind', async () => {
    await createListing(app, tokens.ownerA1, {
      processCode: 'SEWING',
      unitsPerDay: 100,
      startDate: '2027-06-01',
      endDate: '2027-06-10',
      unitPrice: '10.00',
    });
    await postOrder(app, tokens.buyer1, {
      idempotencyKey: 'metrics-order',
      quantity: 200,
      route: [{ processCode: 'SEWING', leadDays: 0, maxUnitPrice: '20.00' }],
      earliestStart: '2027-06-01',
      dueDate: '2027-06-08',
    });
    const started = dataOf(
      await app.gql<{ startReplan: { id: string } }>('mutation { startReplan { id } }', {}, tokens.parkAdminA),
    ).startReplan;
    for (let attempt = 0; attempt < 200; attempt++) {
      const [{ status }] = await app.dataSource.query('SELECT status FROM replan_jobs WHERE id = $1', [started.id]);
      if (status === 'SUCCEEDED') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const text = await scrape();
    expect(sample(text, 'vg_quote_duration_seconds_count')).toBeGreaterThan(0);
    expect(sample(text, 'vg_job_duration_seconds_count', { kind: 'replan', outcome: 'completed' })).toBe(1);
  });
});
