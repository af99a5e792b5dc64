import { JwtService } from '@nestjs/jwt';
import { SESSION_CHECK_SQL_TAG } from '@vg/identity';
import { randomUUID } from 'node:crypto';
import { IDS, loginAll, SEED_PASSWORD, seedBase, Tokens, USERS } from '../../support/seed';
import { dataOf, errorCode, startTestApp, TestApp } from '../../support/test-app';

const LOGIN = 'mutation ($input: LoginInput!) { login(input: $input) { accessToken refreshToken user { id } } }';
const REFRESH = 'mutation ($input: RefreshTokenInput!) { refreshToken(input: $input) { accessToken refreshToken } }';
const ME = '{ me { id role } }';
const SET_DISABLED =
  'mutation ($userId: ID!, $disabled: Boolean!) { setUserDisabled(userId: $userId, disabled: $disabled) { id disabled } }';

interface Session {
  accessToken: string;
  refreshToken: string;
  userId: string;
}

describe('tokens: checked against the user and the session on every request', () => {
  let app: TestApp;
  let tokens: Tokens;

  const signIn = async (email: string): Promise<Session> => {
    const response = await app.gql<{ login: { accessToken: string; refreshToken: string; user: { id: string } } }>(
      LOGIN,
      { input: { email, password: SEED_PASSWORD } },
    );
    const { accessToken, refreshToken, user } = dataOf(response).login;
    return { accessToken, refreshToken, userId: user.id };
  };
  const refresh = (refreshToken: string) =>
    app.gql<{ refreshToken: { accessToken: string; refreshToken: string } }>(REFRESH, { input: { refreshToken } });
  const me = (token: string) => app.gql<{ me: { id: string; role: string } }>(ME, {}, token);

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
  });
  afterAll(() => app.close());

  describe('a token not signed with this server’s secret', () => {
    const forge = async (secret: string, userId: string, sessionId = randomUUID()) =>
      new JwtService().signAsync(
        {
          sub: userId,
          role: 'PLATFORM_ADMIN',
          parkId: null,
          firmId: null,
          buyerOrgId: null,
          sid: sessionId,
          ver: 1,
          typ: 'access',
        },
        { secret, expiresIn: 600, algorithm: 'HS256' },
      );

    it('is refused, even with real user and session ids and the secret the source once held', async () => {
      const platform = await signIn(USERS.platformAdmin.email);
      const [session] = await app.dataSource.query(
        'SELECT id FROM auth_sessions WHERE user_id = $1 AND revoked_at IS NULL',
        [platform.userId],
      );
      expect(dataOf(await me(platform.accessToken)).me.role).toBe('PLATFORM_ADMIN');
      for (const secret of ['development-only-secret-change-me-0123456789', 'x'.repeat(48)]) {
        const forged = await forge(secret, platform.userId, session.id);
        const response = await app.gql('{ parks(first: 5) { totalCount } }', {}, forged);
        expect(errorCode(response)).toBe('UNAUTHENTICATED');
        expect(response.data ?? null).toBeNull();
      }
    });

    it('is refused when alg is none', async () => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const body = Buffer.from(
        JSON.stringify({ sub: randomUUID(), role: 'PLATFORM_ADMIN', sid: randomUUID(), ver: 1, typ: 'access' }),
      ).toString('base64url');
      expect(errorCode(await me(`${header}.${body}.`))).toBe('UNAUTHENTICATED');
    });
  });

  describe('a disabled user', () => {
    it('is refused at once: the next request, the refresh token and a new sign-in', async () => {
      const owner = await signIn(USERS.ownerA2.email);
      expect(dataOf(await me(owner.accessToken)).me.id).toBe(owner.userId);

      const disabled = await app.gql<{ setUserDisabled: { disabled: boolean } }>(
        SET_DISABLED,
        { userId: owner.userId, disabled: true },
        tokens.parkAdminA,
      );
      expect(dataOf(disabled).setUserDisabled.disabled).toBe(true);

      expect(errorCode(await me(owner.accessToken))).toBe('UNAUTHENTICATED');
      expect(errorCode(await refresh(owner.refreshToken))).toBe('UNAUTHENTICATED');
      const again = await app.gql(LOGIN, { input: { email: USERS.ownerA2.email, password: SEED_PASSWORD } });
      expect(errorCode(again)).toBe('UNAUTHENTICATED');

      await app.gql(SET_DISABLED, { userId: owner.userId, disabled: false }, tokens.parkAdminA);
      // Enabled again: a new sign-in works, the tokens from before the disable stay dead.
      const back = await signIn(USERS.ownerA2.email);
      expect(dataOf(await me(back.accessToken)).me.id).toBe(owner.userId);
      expect(errorCode(await me(owner.accessToken))).toBe('UNAUTHENTICATED');
    });

    it('may be disabled by a park admin only within their park (another park’s owner answers as missing)', async () => {
      const [ownerB1] = await app.dataSource.query('SELECT id FROM users WHERE email = $1', [USERS.ownerB1.email]);
      const response = await app.gql(SET_DISABLED, { userId: ownerB1.id, disabled: true }, tokens.parkAdminA);
      expect(errorCode(response)).toBe('NOT_FOUND');
      dataOf(await me(tokens.ownerB1));
    });
  });

  it.each([
    ['role', `role = 'BUYER', buyer_org_id = '${IDS.buyerOrg1}'`],
    ['firm', `firm_id = '${IDS.firmA1}'`],
    ['park', `park_id = '${IDS.parkB}'`],
    ['password', `password_hash = 'changed'`],
  ])('refuses a token once the user’s %s changed, whoever changed it', async (_what, change) => {
    const owner = await signIn(USERS.ownerA2.email);
    const [before] = await app.dataSource.query('SELECT * FROM users WHERE id = $1', [owner.userId]);
    await app.dataSource.query(`UPDATE users SET ${change} WHERE id = $1`, [owner.userId]);
    try {
      expect(errorCode(await me(owner.accessToken))).toBe('UNAUTHENTICATED');
      expect(errorCode(await refresh(owner.refreshToken))).toBe('UNAUTHENTICATED');
    } finally {
      await app.dataSource.query(
        'UPDATE users SET role = $2, park_id = $3, firm_id = $4, buyer_org_id = $5, password_hash = $6 WHERE id = $1',
        [owner.userId, before.role, before.park_id, before.firm_id, before.buyer_org_id, before.password_hash],
      );
    }
  });

  it('keeps a token working while nothing it vouches for changed (display name)', async () => {
    const owner = await signIn(USERS.ownerA2.email);
    await app.dataSource.query(`UPDATE users SET display_name = 'Renamed' WHERE id = $1`, [owner.userId]);
    expect(dataOf(await me(owner.accessToken)).me.id).toBe(owner.userId);
  });

  describe('refresh-token families', () => {
    it('rotate: each refresh token works once and its successor works', async () => {
      const first = await signIn(USERS.buyer2.email);
      const second = dataOf(await refresh(first.refreshToken)).refreshToken;
      const third = dataOf(await refresh(second.refreshToken)).refreshToken;
      expect(dataOf(await me(third.accessToken)).me.role).toBe('BUYER');
    });

    it('revoke the whole family when a used token comes back: the thief’s successor and its access token die', async () => {
      const victim = await signIn(USERS.buyer2.email);
      const other = await signIn(USERS.buyer2.email);
      const thief = dataOf(await refresh(victim.refreshToken)).refreshToken;
      expect(dataOf(await me(thief.accessToken)).me.role).toBe('BUYER');

      expect(errorCode(await refresh(victim.refreshToken))).toBe('UNAUTHENTICATED');
      expect(errorCode(await refresh(thief.refreshToken))).toBe('UNAUTHENTICATED');
      expect(errorCode(await me(thief.accessToken))).toBe('UNAUTHENTICATED');
      expect(errorCode(await me(victim.accessToken))).toBe('UNAUTHENTICATED');
      const [session] = await app.dataSource.query(
        `SELECT s.end_reason FROM auth_sessions s JOIN refresh_tokens t ON t.session_id = s.id
          WHERE t.token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`,
        [victim.refreshToken],
      );
      expect(session.end_reason).toBe('REFRESH_REUSED');
      // Another sign-in of the same user is a family of its own and keeps working.
      expect(dataOf(await me(other.accessToken)).me.role).toBe('BUYER');
      expect(dataOf(await refresh(other.refreshToken)).refreshToken.accessToken).toEqual(expect.any(String));
    });
  });

  describe('signing out', () => {
    it('signOut ends this session at once and leaves the others', async () => {
      const laptop = await signIn(USERS.ownerA1.email);
      const phone = await signIn(USERS.ownerA1.email);
      expect(dataOf(await app.gql<{ signOut: boolean }>('mutation { signOut }', {}, laptop.accessToken)).signOut).toBe(
        true,
      );
      expect(errorCode(await me(laptop.accessToken))).toBe('UNAUTHENTICATED');
      expect(errorCode(await refresh(laptop.refreshToken))).toBe('UNAUTHENTICATED');
      expect(dataOf(await me(phone.accessToken)).me.id).toBe(phone.userId);
    });

    it('signOutEverywhere ends every session of the user, and only theirs', async () => {
      const laptop = await signIn(USERS.ownerA1.email);
      const phone = await signIn(USERS.ownerA1.email);
      const signedOut = await app.gql<{ signOutEverywhere: boolean }>(
        'mutation { signOutEverywhere }',
        {},
        phone.accessToken,
      );
      expect(dataOf(signedOut).signOutEverywhere).toBe(true);
      for (const session of [laptop, phone]) {
        expect(errorCode(await me(session.accessToken))).toBe('UNAUTHENTICATED');
        expect(errorCode(await refresh(session.refreshToken))).toBe('UNAUTHENTICATED');
      }
      dataOf(await me(tokens.ownerB1));
      const fresh = await signIn(USERS.ownerA1.email);
      expect(dataOf(await me(fresh.accessToken)).me.id).toBe(fresh.userId);
    });
  });

  it('checks the session with one indexed query per request, not per field resolver', async () => {
    const queries: string[] = [];
    const runner = app.apiDataSource.driver;
    const original = runner.createQueryRunner.bind(runner);
    runner.createQueryRunner = (mode) => {
      const queryRunner = original(mode);
      const query = queryRunner.query.bind(queryRunner);
      queryRunner.query = ((sql: string, ...rest: unknown[]) => {
        queries.push(sql);
        return (query as (...args: unknown[]) => unknown)(sql, ...rest);
      }) as typeof queryRunner.query;
      return queryRunner;
    };
    try {
      const response = await app.gql('{ a: me { id } b: me { id } c: me { id } }', {}, tokens.buyer1);
      expect(response.errors).toBeUndefined();
    } finally {
      runner.createQueryRunner = original;
    }
    expect(queries.filter((sql) => sql.startsWith(SESSION_CHECK_SQL_TAG))).toHaveLength(1);
  });
});
