import { serverAudits } from 'graphql-http';
import { startAppWithConfig } from '../../support/app-with-config';
import { TestApp } from '../../support/test-app';

/**
 * graphql-http's own audit of the GraphQL-over-HTTP spec against the live server. It runs in development mode:
 * several audits query `__type`, which introspection (off outside development) would refuse. "notice" results are
 * the spec's MAYs (GET requests, which CSRF prevention turns away); every MUST and SHOULD must pass.
 */
describe('GraphQL over HTTP audit (graphql-http serverAudits)', () => {
  let app: TestApp;
  let results: { id: string; name: string; status: string; reason?: string }[];

  beforeAll(async () => {
    app = await startAppWithConfig({ env: { ...process.env, NODE_ENV: 'development' } });
    results = [];
    for (const audit of serverAudits({ url: `${app.url}/graphql` })) {
      const result = await audit.fn();
      results.push({
        id: audit.id,
        name: audit.name,
        status: result.status,
        reason: 'reason' in result ? result.reason : undefined,
      });
    }
  });
  afterAll(() => app.close());

  it('ran the whole audit', () => {
    expect(results.length).toBeGreaterThan(50);
    expect(results.filter((result) => result.status === 'ok').length).toBeGreaterThan(50);
  });

  it('gives no warning and no error', () => {
    expect(results.filter((result) => result.status === 'warn' || result.status === 'error')).toEqual([]);
  });

  it.each([
    [
      'document parsing failure',
      'SHOULD use 200 status code on document parsing failure when accepting application/json',
    ],
    [
      'document validation failure',
      'SHOULD use 200 status code on document validation failure when accepting application/json',
    ],
    [
      'variable coercion failure',
      'SHOULD use a status code of 200 on variable coercion failure when accepting application/json',
    ],
  ])('answers a %s with 200 to an application/json client', (_situation, name) => {
    expect(results.find((result) => result.name === name)).toMatchObject({ status: 'ok' });
  });
});
