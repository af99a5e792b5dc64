/**
 * Every operation of identity, parks and firms × every seeded role, over real HTTP, with valid arguments: allowed
 * (and successful) where permission-table.json says so, otherwise UNAUTHENTICATED (anonymous) or FORBIDDEN (signed
 * in, wrong role) with no data and nothing written. The expectation is read from the same file the schema is
 * compared with, so the two cannot disagree. The operations are listed from the modules' resolvers, so a new one
 * without a case here fails the coverage test.
 */
import { FirmsModule } from '@vg/firms';
import { IdentityModule } from '@vg/identity';
import { ParksModule } from '@vg/parks';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes } from 'node:crypto';
import { IDS, loginAll, SEED_PASSWORD, seedBase, Tokens, USERS } from '../../support/seed';
import { allowedRoles, readPermissionTable } from '../../support/permission-table';
import { GraphqlResponse, startTestApp, TestApp } from '../../support/test-app';
import { uniqueNumber, uniqueSuffix, uniqueUscc } from '../../support/unique';

const CALLERS = ['anonymous', 'platformAdmin', 'parkAdminA', 'parkAdminB', 'ownerA1', 'ownerB1', 'buyer1'] as const;
type Caller = (typeof CALLERS)[number];

/** The caller's own park, firm and plot, so an allowed call succeeds outright rather than answering NOT_FOUND. */
interface Home {
  parkId: string;
  firmId: string;
  plotId: string;
}
const homeOf = (caller: Caller): Home =>
  caller === 'parkAdminB' || caller === 'ownerB1'
    ? { parkId: IDS.parkB, firmId: IDS.firmB1, plotId: IDS.plotB1 }
    : { parkId: IDS.parkA, firmId: IDS.firmA1, plotId: IDS.plotA1 };

interface Situation {
  app: TestApp;
  tokens: Tokens;
  home: Home;
}

interface OperationCase {
  document: string;
  variables(situation: Situation): Promise<Record<string, unknown>> | Record<string, unknown>;
  /** A query whose answer must be the same before and after a refused call (what the operation would write). */
  state?: (variables: Record<string, unknown>) => [string, unknown[]];
  /**
   * The operation ends sessions: it is called with a session of its own, and the shared token of the caller is
   * renewed afterwards (signing out everywhere revokes it too).
   */
  endsSessions?: boolean;
}

/**
 * A session of the caller's own, straight into the table and signed as TokenService signs (sparing an argon2
 * sign-in per row): what an operation that ends sessions may end.
 */
const freshSession = async (app: TestApp, caller: Exclude<Caller, 'anonymous'>): Promise<string> => {
  const [user] = await app.dataSource.query(
    `WITH session AS (
       INSERT INTO auth_sessions (user_id, token_version)
       SELECT id, token_version FROM users WHERE email = $1 RETURNING id, user_id, token_version)
     SELECT s.id AS sid, s.token_version AS ver, u.id, u.role, u.park_id, u.firm_id, u.buyer_org_id
       FROM session s JOIN users u ON u.id = s.user_id`,
    [USERS[caller].email],
  );
  return new JwtService().signAsync(
    {
      sub: user.id,
      role: user.role,
      parkId: user.park_id,
      firmId: user.firm_id,
      buyerOrgId: user.buyer_org_id,
      sid: user.sid,
      ver: user.ver,
      typ: 'access',
    },
    { secret: process.env.JWT_SECRET, expiresIn: 900, algorithm: 'HS256' },
  );
};

const count = (table: string) => (): [string, unknown[]] => [`SELECT count(*)::int AS n FROM ${table}`, []];

const certification = (number: string) => ({
  type: 'BSCI',
  number,
  issuer: 'amfori',
  validFrom: '2026-01-01',
  validTo: '2027-12-31',
});

/** A fresh certification of the caller's home firm, written as the tables' owner. */
async function certificationOf(app: TestApp, home: Home): Promise<string> {
  const [row] = await app.dataSource.query(
    `INSERT INTO firm_certifications (firm_id, park_id, type, number, issuer, valid_from, valid_to)
     VALUES ($1, $2, 'BSCI', $3, 'amfori', '2026-01-01', '2027-12-31') RETURNING id`,
    [home.firmId, home.parkId, `C-${uniqueSuffix()}`],
  );
  return row.id;
}

const CASES: Record<string, OperationCase> = {
  'Query.me': { document: '{ me { id role } }', variables: () => ({}) },
  'Query.park': {
    document: 'query ($id: ID!) { park(id: $id) { id name } }',
    variables: ({ home }) => ({ id: home.parkId }),
  },
  'Query.parks': { document: '{ parks(first: 10) { totalCount nodes { id } } }', variables: () => ({}) },
  'Query.firm': {
    document: 'query ($id: ID!) { firm(id: $id) { id name } }',
    variables: ({ home }) => ({ id: home.firmId }),
  },
  'Query.firms': { document: '{ firms(first: 10) { totalCount nodes { id } } }', variables: () => ({}) },
  'Query.processes': { document: '{ processes(first: 10) { totalCount nodes { code } } }', variables: () => ({}) },
  'Mutation.login': {
    document: 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
    variables: () => ({ input: { email: USERS.ownerA2.email, password: SEED_PASSWORD } }),
  },
  'Mutation.refreshToken': {
    document: 'mutation ($input: RefreshTokenInput!) { refreshToken(input: $input) { accessToken } }',
    // A fresh session and refresh token straight into the tables (as TokenService stores them), sparing an argon2
    // sign-in per row.
    variables: async ({ app }) => {
      const refreshToken = randomBytes(32).toString('base64url');
      await app.dataSource.query(
        `WITH session AS (
           INSERT INTO auth_sessions (user_id, token_version)
           SELECT id, token_version FROM users WHERE email = $1 RETURNING id, user_id)
         INSERT INTO refresh_tokens (user_id, session_id, token_hash, expires_at)
         SELECT user_id, id, $2, now() + interval '1 day' FROM session`,
        [USERS.ownerA2.email, createHash('sha256').update(refreshToken).digest('hex')],
      );
      return { input: { refreshToken } };
    },
  },
  'Mutation.signOut': { document: 'mutation { signOut }', variables: () => ({}), endsSessions: true },
  'Mutation.signOutEverywhere': {
    document: 'mutation { signOutEverywhere }',
    variables: () => ({}),
    endsSessions: true,
  },
  'Mutation.setUserDisabled': {
    // Re-enabling an enabled account of the caller's park: allowed callers succeed and nothing changes.
    document:
      'mutation ($userId: ID!, $disabled: Boolean!) { setUserDisabled(userId: $userId, disabled: $disabled) { id disabled } }',
    variables: async ({ app, home }) => {
      const email = home.parkId === IDS.parkB ? USERS.ownerB1.email : USERS.ownerA2.email;
      const [user] = await app.dataSource.query('SELECT id FROM users WHERE email = $1', [email]);
      return { userId: user.id, disabled: false };
    },
    state: count('users WHERE disabled_at IS NOT NULL'),
  },
  'Mutation.registerBuyer': {
    document: 'mutation ($input: RegisterBuyerInput!) { registerBuyer(input: $input) { accessToken } }',
    variables: () => ({
      input: {
        email: `buyer-${uniqueSuffix()}@vg.test`.toLowerCase(),
        password: 'long-enough-pass',
        displayName: 'Matrix buyer',
        organisationName: 'Matrix shop',
      },
    }),
  },
  'Mutation.acceptInvitation': {
    document: 'mutation ($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { accessToken } }',
    variables: async ({ app, tokens }) => {
      const invited = await app.gql<{ inviteSmeOwner: { token: string } }>(
        'mutation ($input: InviteSmeOwnerInput!) { inviteSmeOwner(input: $input) { token } }',
        { input: { firmId: IDS.firmA2, email: `owner-${uniqueSuffix()}@vg.test`.toLowerCase() } },
        tokens.parkAdminA,
      );
      return {
        input: { token: invited.data?.inviteSmeOwner.token, password: 'owner-password-1', displayName: 'Owner' },
      };
    },
  },
  'Mutation.createPark': {
    document: 'mutation ($input: CreateParkInput!) { createPark(input: $input) { id } }',
    variables: () => ({ input: { name: `Park ${uniqueSuffix()}`, regionCode: '330113' } }),
    state: count('parks'),
  },
  'Mutation.updatePark': {
    document: 'mutation ($id: ID!, $input: UpdateParkInput!) { updatePark(id: $id, input: $input) { id name } }',
    variables: ({ home }) => ({ id: home.parkId, input: { name: `Renamed ${uniqueSuffix()}` } }),
    state: (variables) => ['SELECT name, updated_at FROM parks WHERE id = $1', [variables.id]],
  },
  'Mutation.createParkAdmin': {
    document: 'mutation ($input: CreateParkAdminInput!) { createParkAdmin(input: $input) { id role } }',
    variables: ({ home }) => ({
      input: {
        parkId: home.parkId,
        email: `admin-${uniqueSuffix()}@vg.test`.toLowerCase(),
        password: 'admin-password-1',
        displayName: 'Admin',
      },
    }),
    state: count('users'),
  },
  'Mutation.createFirm': {
    document: 'mutation ($input: CreateFirmInput!) { createFirm(input: $input) { id parkId } }',
    variables: ({ home }) => ({
      input: {
        parkId: home.parkId,
        uscc: uniqueUscc(),
        name: `Firm ${uniqueSuffix()}`,
        industryCode: '18',
        industryGroup: '纺织服装',
        employees: 12,
        address: '临平区某路2号',
        joinedOn: '2025-01-15',
        processCodes: ['SEWING'],
        scales: [],
      },
    }),
    state: count('firms'),
  },
  'Mutation.updateFirm': {
    document: 'mutation ($id: ID!, $input: UpdateFirmInput!) { updateFirm(id: $id, input: $input) { id employees } }',
    variables: ({ home }) => ({ id: home.firmId, input: { employees: 100 + (uniqueNumber() % 10_000) } }),
    state: (variables) => ['SELECT employees, updated_at FROM firms WHERE id = $1', [variables.id]],
  },
  'Mutation.addLandPlot': {
    document:
      'mutation ($firmId: ID!, $input: LandPlotInput!) { addLandPlot(firmId: $firmId, input: $input) { id firmId } }',
    variables: ({ home }) => ({
      firmId: home.firmId,
      input: { certificateNo: `M-${uniqueSuffix()}`, areaM2: '1000.00', tenure: 'OWNED' },
    }),
    state: count('land_plots'),
  },
  'Mutation.updateLandPlot': {
    document: 'mutation ($id: ID!, $input: LandPlotInput!) { updateLandPlot(id: $id, input: $input) { id areaM2 } }',
    variables: async ({ app, home }) => {
      const [plot] = await app.dataSource.query('SELECT certificate_no FROM land_plots WHERE id = $1', [home.plotId]);
      const areaM2 = `${1000 + (uniqueNumber() % 100_000)}.25`;
      return { id: home.plotId, input: { certificateNo: plot.certificate_no, areaM2, tenure: 'OWNED' } };
    },
    state: (variables) => ['SELECT area_m2, tenure FROM land_plots WHERE id = $1', [variables.id]],
  },
  'Mutation.removeLandPlot': {
    document: 'mutation ($id: ID!) { removeLandPlot(id: $id) }',
    variables: async ({ app, home }) => {
      const [plot] = await app.dataSource.query(
        `INSERT INTO land_plots (firm_id, park_id, certificate_no, area_m2, tenure)
         VALUES ($1, $2, $3, '10.00', 'OWNED') RETURNING id`,
        [home.firmId, home.parkId, `R-${uniqueSuffix()}`],
      );
      return { id: plot.id };
    },
    state: (variables) => ['SELECT count(*)::int AS n FROM land_plots WHERE id = $1', [variables.id]],
  },
  'Mutation.addFirmCertification': {
    document:
      'mutation ($firmId: ID!, $input: CertificationInput!) { addFirmCertification(firmId: $firmId, input: $input) { id } }',
    variables: ({ home }) => ({ firmId: home.firmId, input: certification(`A-${uniqueSuffix()}`) }),
    state: count('firm_certifications'),
  },
  'Mutation.updateFirmCertification': {
    document:
      'mutation ($id: ID!, $input: CertificationInput!) { updateFirmCertification(id: $id, input: $input) { id number } }',
    variables: async ({ app, home }) => ({
      id: await certificationOf(app, home),
      input: certification(`U-${uniqueSuffix()}`),
    }),
    state: (variables) => ['SELECT number FROM firm_certifications WHERE id = $1', [variables.id]],
  },
  'Mutation.removeFirmCertification': {
    document: 'mutation ($id: ID!) { removeFirmCertification(id: $id) }',
    variables: async ({ app, home }) => ({ id: await certificationOf(app, home) }),
    state: (variables) => ['SELECT count(*)::int AS n FROM firm_certifications WHERE id = $1', [variables.id]],
  },
  'Mutation.setParkTransportSettings': {
    document:
      'mutation ($parkId: ID!, $input: ParkTransportSettingsInput!) { setParkTransportSettings(parkId: $parkId, input: $input) { id } }',
    variables: ({ home }) => ({
      parkId: home.parkId,
      input: { transportRatePerUnitKm: `0.00${1 + (uniqueNumber() % 9)}`, distanceMode: 'GREAT_CIRCLE' },
    }),
    state: (variables) => ['SELECT transport_rate_per_unit_km FROM parks WHERE id = $1', [variables.parkId]],
  },
  'Mutation.inviteSmeOwner': {
    document: 'mutation ($input: InviteSmeOwnerInput!) { inviteSmeOwner(input: $input) { id firmId } }',
    variables: ({ home }) => ({
      input: { firmId: home.firmId, email: `invitee-${uniqueSuffix()}@vg.test`.toLowerCase() },
    }),
    state: count('invitations'),
  },
  'Mutation.addProcess': {
    document: 'mutation ($input: AddProcessInput!) { addProcess(input: $input) { code } }',
    variables: () => ({ input: { code: `P_${uniqueSuffix()}`, nameZh: '新工序', nameEn: 'New process' } }),
    state: count('processes'),
  },
};

const TABLE = readPermissionTable();

type Expected = 'allowed' | 'UNAUTHENTICATED' | 'FORBIDDEN';

function expectedFor(access: string, caller: Caller): Expected {
  const roles = allowedRoles(access);
  if (roles === null) return 'allowed';
  if (caller === 'anonymous') return 'UNAUTHENTICATED';
  return roles.includes(USERS[caller].role) ? 'allowed' : 'FORBIDDEN';
}

type Provider = new (...args: never[]) => unknown;

/** `Query.firm`, `Mutation.login`, … as Nest's @Query/@Mutation/@Subscription decorators record them. */
function operationsOf(...modules: object[]): string[] {
  const providers = modules.flatMap((module) => (Reflect.getMetadata('providers', module) ?? []) as unknown[]);
  const classes = providers.filter((provider): provider is Provider => typeof provider === 'function');
  return classes.flatMap((resolver) =>
    Object.getOwnPropertyNames(resolver.prototype).flatMap((key) => {
      const handler = (resolver.prototype as Record<string, unknown>)[key];
      if (key === 'constructor' || typeof handler !== 'function') return [];
      const type: unknown = Reflect.getMetadata('graphql:resolver_type', handler);
      if (type !== 'Query' && type !== 'Mutation' && type !== 'Subscription') return [];
      return [`${type}.${Reflect.getMetadata('graphql:resolver_name', handler) ?? key}`];
    }),
  );
}
const IN_SCOPE = operationsOf(IdentityModule, ParksModule, FirmsModule).sort();

const ROWS: [string, Caller, Expected][] = Object.keys(CASES)
  .filter((operation) => operation in TABLE)
  .flatMap((operation) =>
    CALLERS.map((caller): [string, Caller, Expected] => [operation, caller, expectedFor(TABLE[operation], caller)]),
  );

describe('role matrix: every operation × every role, over HTTP', () => {
  let app: TestApp;
  let tokens: Tokens;

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
  });
  afterAll(() => app.close());

  it('has a case for every operation of identity, parks and firms', () => {
    expect(IN_SCOPE.length).toBeGreaterThan(15);
    expect(Object.keys(CASES).sort()).toEqual(IN_SCOPE);
  });

  it('finds every case in the permission table', () => {
    expect(Object.keys(CASES).filter((operation) => !(operation in TABLE))).toEqual([]);
  });

  it.each(ROWS)('%s called by %s is %s', async (operation, caller, expected) => {
    const operationCase = CASES[operation];
    const situation: Situation = { app, tokens, home: homeOf(caller) };
    const variables = await operationCase.variables(situation);
    const state = operationCase.state?.(variables);
    const before = state ? await app.dataSource.query(...state) : null;

    const token =
      caller === 'anonymous'
        ? undefined
        : operationCase.endsSessions
          ? await freshSession(app, caller)
          : tokens[caller];
    const response: GraphqlResponse = await app.gql(operationCase.document, variables, token);
    const field = operation.split('.')[1];
    if (operationCase.endsSessions && caller !== 'anonymous') tokens[caller] = await freshSession(app, caller);

    if (expected === 'allowed') {
      expect(response.errors).toBeUndefined();
      expect(response.data?.[field]).toBeTruthy();
      return;
    }
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual([expected]);
    expect(response.data ?? null).toBeNull();
    if (state) expect(await app.dataSource.query(...state)).toEqual(before);
  });
});
