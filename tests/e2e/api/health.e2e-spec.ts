import { captureLog, startAppWithConfig } from '../../support/app-with-config';
import { SEED_PASSWORD, seedBase, USERS } from '../../support/seed';
import { TestApp } from '../../support/test-app';
import { withAdminClient } from '../../setup/test-database';

const LOGIN = 'mutation ($input: LoginInput!) { login(input: $input) { accessToken refreshToken } }';
const WRONG_PASSWORD = 'Wrong-Password-987!';

describe('health and logs', () => {
  const log = captureLog();
  let app: TestApp;
  let secrets: string[];
  const responseIds: string[] = [];

  /** A GraphQL call that remembers the request id the server answered with. */
  const post = async (body: object, headers: Record<string, string> = {}) => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    responseIds.push(response.headers.get('x-request-id') ?? 'missing');
    return (await response.json()) as { data?: Record<string, Record<string, string>> | null; errors?: unknown[] };
  };
  const requestLines = () => log.records().filter((record) => 'req' in record);

  beforeAll(async () => {
    app = await startAppWithConfig({ env: process.env, logLevel: 'info', log });
    await seedBase(app.dataSource);

    const signedIn = await post({
      query: LOGIN,
      variables: { input: { email: USERS.ownerA1.email, password: SEED_PASSWORD } },
    });
    const { accessToken, refreshToken } = signedIn.data?.login ?? {};
    const failed = await post({
      query: LOGIN,
      variables: { input: { email: USERS.ownerA1.email, password: WRONG_PASSWORD } },
    });
    expect(failed.errors).toHaveLength(1);
    await post({ query: '{ me { id } }' }, { authorization: `Bearer ${accessToken}` });
    await post(
      {
        query: 'mutation ($input: RefreshTokenInput!) { refreshToken(input: $input) { accessToken } }',
        variables: { input: { refreshToken } },
      },
      { authorization: `Bearer ${accessToken}`, cookie: `session=${accessToken}` },
    );
    await post(
      { query: '{ me { id } }' },
      { authorization: `Bearer ${accessToken}`, 'x-request-id': 'client-chosen-id-42' },
    );
    secrets = [SEED_PASSWORD, WRONG_PASSWORD, accessToken ?? 'no-access-token', refreshToken ?? 'no-refresh-token'];
  });
  afterAll(() => app.close());

  it('answers /health with 200', async () => {
    const response = await fetch(`${app.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('answers /health/ready with 200 while the database is up', async () => {
    const response = await fetch(`${app.url}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', database: 'up' });
  });

  it('signed in and got tokens (so the checks below look for real secrets)', () => {
    expect(secrets[2]).toMatch(/^eyJ/);
    expect(secrets[3].length).toBeGreaterThanOrEqual(20);
  });

  it.each([
    ['the password', 0],
    ['the wrong password of the failed sign-in', 1],
    ['the access token', 2],
    ['the refresh token', 3],
  ])('never writes %s to the log', (_what, index) => {
    expect(log.lines.length).toBeGreaterThan(0);
    expect(log.lines.filter((line) => line.includes(secrets[index]))).toEqual([]);
  });

  it('never writes an authorization header, a cookie or anything shaped like a JWT', () => {
    const all = log.lines.join('\n');
    expect(all).not.toMatch(/Bearer/i);
    expect(all).not.toMatch(/authorization/i);
    expect(all).not.toMatch(/session=/);
    expect(all).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
  });

  it('writes one line per request, each with the request id the client was given', () => {
    const lines = requestLines();
    expect(lines.length).toBeGreaterThanOrEqual(responseIds.length);
    const ids = lines.map((line) => (line.req as { id?: unknown }).id);
    for (const id of ids) expect(id).toEqual(expect.stringMatching(/^[\w-]{1,64}$/));
    for (const id of responseIds) expect(ids).toContain(id);
    expect(responseIds).toContain('client-chosen-id-42');
    expect(new Set(responseIds).size).toBe(responseIds.length);
  });

  describe('when the database goes away and comes back', () => {
    const database = () => new URL(app.databaseUrl).pathname.slice(1);
    const serverUrl = () => {
      const url = new URL(app.databaseUrl);
      url.pathname = '/postgres';
      return url.toString();
    };
    const setConnections = (allowed: boolean) =>
      withAdminClient(serverUrl(), async (client) => {
        await client.query(`ALTER DATABASE "${database()}" ALLOW_CONNECTIONS ${allowed}`);
        if (!allowed) {
          await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database()]);
        }
      });
    afterAll(() => setConnections(true));

    it('reports not ready (503) while staying alive, then ready again without a restart', async () => {
      await setConnections(false);
      const down = await fetch(`${app.url}/health/ready`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ status: 'unavailable', database: 'down' });
      expect((await fetch(`${app.url}/health`)).status).toBe(200);

      await setConnections(true);
      let ready = 0;
      for (let attempt = 0; attempt < 20 && ready !== 200; attempt++) {
        ready = (await fetch(`${app.url}/health/ready`)).status;
        if (ready !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(ready).toBe(200);
    });
  });
});
