import { LOGIN_THROTTLE } from '@vg/identity';
import { errorCode, dataOf, startTestApp, TestApp } from '../../support/test-app';
import { IDS, loginAll, SEED_PASSWORD, seedBase, Tokens, USERS } from '../../support/seed';

const LOGIN =
  'mutation ($input: LoginInput!) { login(input: $input) { accessToken refreshToken expiresIn user { id role parkId firmId buyerOrgId } } }';
const ME = '{ me { email role parkId firmId buyerOrgId } }';
const REFRESH = 'mutation ($input: RefreshTokenInput!) { refreshToken(input: $input) { accessToken refreshToken } }';

describe('identity', () => {
  let app: TestApp;
  let tokens: Tokens;

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
  });
  afterAll(() => app.close());

  it.each(Object.entries(USERS))('signs in %s and tells them who they are', async (key, user) => {
    const me = dataOf(await app.gql<{ me: { email: string; role: string } }>(ME, {}, tokens[key as keyof Tokens]));
    expect(me.me).toMatchObject({ email: user.email, role: user.role });
  });

  it('stores passwords as argon2id hashes only', async () => {
    const rows: { email: string; password_hash: string }[] = await app.dataSource.query(
      'SELECT email, password_hash FROM users',
    );
    expect(rows.map((row) => row.email)).toEqual(expect.arrayContaining(Object.values(USERS).map((u) => u.email)));
    for (const row of rows)
      expect(row).toEqual({ email: row.email, password_hash: expect.stringMatching(/^\$argon2id\$v=19\$/) });
  });

  it('refuses a wrong password with UNAUTHENTICATED and the same message as an unknown account', async () => {
    const wrong = await app.gql(LOGIN, { input: { email: USERS.buyer1.email, password: 'not-the-password' } });
    const unknown = await app.gql(LOGIN, { input: { email: 'nobody@vg.test', password: 'not-the-password' } });
    expect(errorCode(wrong)).toBe('UNAUTHENTICATED');
    expect(errorCode(unknown)).toBe('UNAUTHENTICATED');
    expect(wrong.errors?.[0].message).toBe(unknown.errors?.[0].message);
  });

  it('throttles failed sign-ins per account and address, even with the right password afterwards', async () => {
    const input = { email: USERS.buyer2.email, password: 'wrong-password' };
    const free = LOGIN_THROTTLE.freeFailures;
    const codes: (string | undefined)[] = [];
    for (let attempt = 0; attempt <= free; attempt++) codes.push(errorCode(await app.gql(LOGIN, { input })));
    expect(codes.slice(0, free)).toEqual(Array(free).fill('UNAUTHENTICATED'));
    expect(codes[free]).toBe('RATE_LIMITED');
    const right = await app.gql(LOGIN, { input: { email: USERS.buyer2.email, password: SEED_PASSWORD } });
    expect(errorCode(right)).toBe('RATE_LIMITED');
  });

  it('rotates refresh tokens: a used one is refused', async () => {
    const signedIn = dataOf(
      await app.gql<{ login: { refreshToken: string } }>(LOGIN, {
        input: { email: USERS.ownerA1.email, password: SEED_PASSWORD },
      }),
    );
    const first = await app.gql<{ refreshToken: { accessToken: string } }>(REFRESH, {
      input: { refreshToken: signedIn.login.refreshToken },
    });
    expect(dataOf(first).refreshToken.accessToken).toEqual(expect.any(String));
    const replay = await app.gql(REFRESH, { input: { refreshToken: signedIn.login.refreshToken } });
    expect(errorCode(replay)).toBe('UNAUTHENTICATED');
  });

  it('lets a buyer register with an organisation and sign in', async () => {
    const registered = dataOf(
      await app.gql<{ registerBuyer: { user: { role: string; buyerOrgId: string } } }>(
        'mutation ($input: RegisterBuyerInput!) { registerBuyer(input: $input) { user { role buyerOrgId } } }',
        {
          input: {
            email: 'New.Buyer@Example.com',
            password: 'long-enough-pass',
            displayName: 'New',
            organisationName: 'Shop',
          },
        },
      ),
    );
    expect(registered.registerBuyer.user.role).toBe('BUYER');
    const login = await app.gql(LOGIN, { input: { email: 'new.buyer@example.com', password: 'long-enough-pass' } });
    expect(dataOf(login)).toHaveProperty('login');
  });

  it('refuses a second account with the same email as CONFLICT naming the field', async () => {
    const response = await app.gql(
      'mutation ($input: RegisterBuyerInput!) { registerBuyer(input: $input) { accessToken } }',
      { input: { email: USERS.buyer1.email, password: 'long-enough-pass', displayName: 'X', organisationName: 'Y' } },
    );
    expect(response.errors?.[0].extensions).toEqual({ code: 'CONFLICT', field: 'email' });
  });

  it('invites an SME owner: the park admin invites, the owner accepts and lands on their firm', async () => {
    const invited = dataOf(
      await app.gql<{ inviteSmeOwner: { token: string } }>(
        'mutation ($input: InviteSmeOwnerInput!) { inviteSmeOwner(input: $input) { token email firmId } }',
        { input: { firmId: IDS.firmA2, email: 'second-owner@vg.test' } },
        tokens.parkAdminA,
      ),
    );
    const accepted = dataOf(
      await app.gql<{ acceptInvitation: { user: { role: string; firmId: string; parkId: string } } }>(
        'mutation ($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { user { role firmId parkId } } }',
        { input: { token: invited.inviteSmeOwner.token, password: 'owner-password-1', displayName: 'Owner' } },
      ),
    );
    expect(accepted.acceptInvitation.user).toEqual({ role: 'SME_OWNER', firmId: IDS.firmA2, parkId: IDS.parkA });
    const again = await app.gql(
      'mutation ($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { accessToken } }',
      { input: { token: invited.inviteSmeOwner.token, password: 'owner-password-1', displayName: 'Owner' } },
    );
    expect(errorCode(again)).toBe('NOT_FOUND');
  });

  it('does not let a park admin invite owners for another park’s firm (answers as missing)', async () => {
    const response = await app.gql(
      'mutation ($input: InviteSmeOwnerInput!) { inviteSmeOwner(input: $input) { token } }',
      { input: { firmId: IDS.firmB1, email: 'sneaky@vg.test' } },
      tokens.parkAdminA,
    );
    expect(errorCode(response)).toBe('NOT_FOUND');
    const rows = await app.dataSource.query(`SELECT 1 FROM invitations WHERE email = 'sneaky@vg.test'`);
    expect(rows).toHaveLength(0);
  });

  it('refuses a forged or expired token as UNAUTHENTICATED', async () => {
    const forged = tokens.buyer1.slice(0, -4) + 'abcd';
    expect(errorCode(await app.gql(ME, {}, forged))).toBe('UNAUTHENTICATED');
    expect(errorCode(await app.gql(ME, {}, 'not-a-jwt'))).toBe('UNAUTHENTICATED');
  });
});
