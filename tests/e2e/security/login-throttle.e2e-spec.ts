import { LOGIN_THROTTLE } from '@vg/identity';
import { SEED_PASSWORD, seedBase, USERS } from '../../support/seed';
import { GraphqlResponse, startTestApp, TestApp } from '../../support/test-app';

const LOGIN = 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }';

/**
 * The sign-in throttle (rule in LoginThrottleService): counted before the password is checked, per account and
 * address and per address, never per account alone. The app trusts X-Forwarded-For from loopback (TRUST_PROXY),
 * so each test speaks from an address of its own.
 */
describe('sign-in throttle', () => {
  let app: TestApp;

  const login = async (email: string, password: string, address: string): Promise<GraphqlResponse> => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ query: LOGIN, variables: { input: { email, password } } }),
    });
    return { ...((await response.json()) as GraphqlResponse), status: response.status };
  };
  const codeOf = (response: GraphqlResponse) => response.errors?.[0]?.extensions?.code ?? 'OK';
  const tally = (responses: GraphqlResponse[]) =>
    responses.reduce<Record<string, number>>((counts, response) => {
      counts[codeOf(response)] = (counts[codeOf(response)] ?? 0) + 1;
      return counts;
    }, {});

  beforeAll(async () => {
    // Thirty argon2 checks at once take a while on a busy 2-core machine; the request deadline is not under test.
    app = await startTestApp({ REQUEST_TIMEOUT_MS: '300000' });
    await seedBase(app.dataSource);
  });
  afterAll(() => app.close());

  it(`verifies at most ${LOGIN_THROTTLE.freeFailures} of 50 parallel wrong passwords (plus one per delay that ran out); the rest are refused unchecked`, async () => {
    const startedAt = Date.now();
    const attempts = await Promise.all(
      Array.from({ length: 50 }, () => login(USERS.buyer1.email, 'wrong-password-1', '203.0.113.10')),
    );
    const elapsedSeconds = (Date.now() - startedAt) / 1000;
    expect(attempts).toHaveLength(50);
    const counts = tally(attempts);
    // A wrong password that was checked answers UNAUTHENTICATED; one refused before the check answers RATE_LIMITED.
    // On a slow machine the attack may outlast the growing delays (5 s, 10 s, 20 s, …): each delay that ran out
    // lets exactly one more attempt through, as the rule says.
    const delaysRunOut = Math.floor(Math.log2(elapsedSeconds / LOGIN_THROTTLE.firstDelaySeconds + 1));
    expect(counts.UNAUTHENTICATED).toBeLessThanOrEqual(LOGIN_THROTTLE.freeFailures + delaysRunOut);
    expect(counts.UNAUTHENTICATED).toBeGreaterThan(0);
    expect(counts.RATE_LIMITED).toBe(50 - counts.UNAUTHENTICATED);
    const [row] = await app.dataSource.query(
      'SELECT failures FROM login_throttles WHERE account = $1 AND address = $2',
      [USERS.buyer1.email, '203.0.113.10'],
    );
    expect(row.failures).toBe(counts.UNAUTHENTICATED);
  });

  it('caps an address at the ceiling while the owner still signs in from another address', async () => {
    const attacker = '198.51.100.66';
    const ceiling = LOGIN_THROTTLE.perAddressCeiling;
    // Password spraying from one address: a few guesses at the platform admin, the rest at other accounts.
    const attack = await Promise.all(
      Array.from({ length: ceiling + 4 }, (_, index) =>
        login(index < 5 ? USERS.platformAdmin.email : `sprayed-${index}@vg.test`, `guess-${index}`, attacker),
      ),
    );
    expect(tally(attack)).toEqual({ UNAUTHENTICATED: ceiling, RATE_LIMITED: 4 });
    // The address is spent: the right password from there is refused unchecked, for any account…
    expect(codeOf(await login(USERS.platformAdmin.email, SEED_PASSWORD, attacker))).toBe('RATE_LIMITED');
    expect(codeOf(await login(USERS.ownerB1.email, SEED_PASSWORD, attacker))).toBe('RATE_LIMITED');
    // …but from the owner's own address it works, during the attack.
    const owner = await login(USERS.platformAdmin.email, SEED_PASSWORD, '192.0.2.44');
    expect(codeOf(owner)).toBe('OK');
    expect(owner.data?.login).toMatchObject({ accessToken: expect.stringMatching(/^eyJ/) });
  });

  it('counts IPv6 clients by their /64, so rotating addresses within it gains nothing', async () => {
    const responses: GraphqlResponse[] = [];
    for (let index = 0; index <= LOGIN_THROTTLE.freeFailures; index++) {
      responses.push(await login(USERS.buyer2.email, 'wrong-password-2', `2001:db8:1:2::${(index + 1).toString(16)}`));
    }
    expect(tally(responses.slice(0, LOGIN_THROTTLE.freeFailures))).toEqual({
      UNAUTHENTICATED: LOGIN_THROTTLE.freeFailures,
    });
    expect(codeOf(responses[LOGIN_THROTTLE.freeFailures])).toBe('RATE_LIMITED');
  });

  it('forgets the failures of an account and address once the right password comes through', async () => {
    const address = '192.0.2.46';
    for (let index = 0; index < LOGIN_THROTTLE.freeFailures - 1; index++) {
      expect(codeOf(await login(USERS.ownerA1.email, 'nearly-right', address))).toBe('UNAUTHENTICATED');
    }
    expect(codeOf(await login(USERS.ownerA1.email, SEED_PASSWORD, address))).toBe('OK');
    const rows = await app.dataSource.query('SELECT 1 FROM login_throttles WHERE account = $1 AND address = $2', [
      USERS.ownerA1.email,
      address,
    ]);
    expect(rows).toHaveLength(0);
  });
});
