import { JwtService } from '@nestjs/jwt';
import { IDS, loginAll, SEED_PASSWORD, seedBase, Tokens, USCC, USERS } from '../../support/seed';
import { envWithout, startAppWithConfig } from '../../support/app-with-config';
import { GraphqlResponse, startTestApp, TestApp } from '../../support/test-app';
import { uniqueSuffix, uniqueUscc } from '../../support/unique';

const CREATE_FIRM = 'mutation ($input: CreateFirmInput!) { createFirm(input: $input) { id } }';
const UPDATE_FIRM = 'mutation ($id: ID!, $input: UpdateFirmInput!) { updateFirm(id: $id, input: $input) { id } }';
const ADD_PLOT =
  'mutation ($firmId: ID!, $input: LandPlotInput!) { addLandPlot(firmId: $firmId, input: $input) { id } }';
const CREATE_PARK = 'mutation ($input: CreateParkInput!) { createPark(input: $input) { id } }';
const FIRMS = 'query ($first: Int!, $after: String) { firms(first: $first, after: $after) { totalCount } }';
const REGISTER = 'mutation ($input: RegisterBuyerInput!) { registerBuyer(input: $input) { accessToken } }';

const firmInput = (overrides: Record<string, unknown> = {}) => ({
  parkId: IDS.parkA,
  uscc: uniqueUscc(),
  name: '杭州丁服饰有限公司',
  industryCode: '18',
  industryGroup: '纺织服装',
  employees: 10,
  address: '临平区某路3号',
  joinedOn: '2025-01-01',
  processCodes: ['SEWING'],
  scales: [],
  ...overrides,
});
const plot = (overrides: Record<string, unknown>) => ({
  firmId: IDS.firmA1,
  input: { certificateNo: `C-${uniqueSuffix()}`, areaM2: '100.00', tenure: 'OWNED', ...overrides },
});
const wrongCheckCharacter = `${USCC.firmA1.slice(0, 17)}${USCC.firmA1.endsWith('G') ? 'H' : 'G'}`;

/** SQL, PostgreSQL's words, stack traces and our table names: none may reach a client. */
const LEAK_PATTERNS = [
  /stacktrace/i,
  /\b(SELECT|INSERT|UPDATE|DELETE)\b/,
  /\brelation\b/i,
  /\bconstraint\b/i,
  /violates/i,
  /duplicate key/i,
  /QueryFailedError/,
  /\bat \S+\.(js|ts):\d+/,
  /\b(parks|parks_gone|firms|land_plots|firm_processes|firm_scales|users|invitations|refresh_tokens|login_attempts|buyer_organisations)\b/,
];
const leaksIn = (text: string) => LEAK_PATTERNS.filter((pattern) => pattern.test(text)).map(String);
/** What the client is told, without `path` (which names the operation, e.g. `parks`). */
const toldToClient = (response: GraphqlResponse) =>
  JSON.stringify(response.errors?.map(({ message, extensions }) => ({ message, extensions, ...extensions })) ?? []);

type Caller = 'platformAdmin' | 'parkAdminA' | 'anonymous';
interface BadInputCase {
  document: string;
  variables: Record<string, unknown>;
  field: string;
  /** The table the operation would write, compared whole before and after. */
  table?: string;
  caller?: Caller;
}

const CASES: Record<string, BadInputCase> = {
  'a USCC with a wrong check character': {
    document: CREATE_FIRM,
    variables: { input: firmInput({ uscc: wrongCheckCharacter }) },
    field: 'uscc',
    table: 'firms',
  },
  'a USCC with a forbidden letter': {
    document: CREATE_FIRM,
    variables: { input: firmInput({ uscc: '91330100716105852I' }) },
    field: 'uscc',
    table: 'firms',
  },
  'a negative land area': {
    document: ADD_PLOT,
    variables: plot({ areaM2: '-100.00' }),
    field: 'areaM2',
    table: 'land_plots',
  },
  'a zero land area': { document: ADD_PLOT, variables: plot({ areaM2: '0' }), field: 'areaM2', table: 'land_plots' },
  'a land area with three decimals': {
    document: ADD_PLOT,
    variables: plot({ areaM2: '100.125' }),
    field: 'areaM2',
    table: 'land_plots',
  },
  'a land area above the cap': {
    document: ADD_PLOT,
    variables: plot({ areaM2: '100000000.01' }),
    field: 'areaM2',
    table: 'land_plots',
  },
  'a land area given as a JSON number': {
    document: ADD_PLOT,
    variables: plot({ areaM2: 1000 }),
    field: 'areaM2',
    table: 'land_plots',
  },
  'a land area in exponent notation': {
    document: ADD_PLOT,
    variables: plot({ areaM2: '1e3' }),
    field: 'areaM2',
    table: 'land_plots',
  },
  'a leased plot without a lessor': {
    document: ADD_PLOT,
    variables: plot({ tenure: 'LEASED' }),
    field: 'lessor',
    table: 'land_plots',
  },
  'an unknown tenure': {
    document: ADD_PLOT,
    variables: plot({ tenure: 'RENTED' }),
    field: 'tenure',
    table: 'land_plots',
  },
  'an unknown input field': {
    document: CREATE_FIRM,
    variables: { input: { ...firmInput(), secretDiscount: '1' } },
    field: 'secretDiscount',
    table: 'firms',
  },
  'a 201-character firm name': {
    document: CREATE_FIRM,
    variables: { input: firmInput({ name: '名'.repeat(201) }) },
    field: 'name',
    table: 'firms',
  },
  'a 201-character name on update': {
    document: UPDATE_FIRM,
    variables: { id: IDS.firmA1, input: { name: 'n'.repeat(201) } },
    field: 'name',
    table: 'firms',
  },
  'an empty firm name': {
    document: CREATE_FIRM,
    variables: { input: firmInput({ name: '' }) },
    field: 'name',
    table: 'firms',
  },
  'a join date of 2024-02-30': {
    document: CREATE_FIRM,
    variables: { input: firmInput({ joinedOn: '2024-02-30' }) },
    field: 'joinedOn',
    table: 'firms',
  },
  'a join date of 2024-02-30 on update': {
    document: UPDATE_FIRM,
    variables: { id: IDS.firmA1, input: { joinedOn: '2024-02-30' } },
    field: 'joinedOn',
    table: 'firms',
  },
  'a join date with a time': {
    document: CREATE_FIRM,
    variables: { input: firmInput({ joinedOn: '2024-03-01T00:00:00Z' }) },
    field: 'joinedOn',
    table: 'firms',
  },
  'a lower-case process code': {
    document: CREATE_FIRM,
    variables: { input: firmInput({ processCodes: ['sewing'] }) },
    field: 'processCodes',
    table: 'firms',
  },
  'a scale year out of range, nested in a list': {
    document: UPDATE_FIRM,
    variables: {
      id: IDS.firmA1,
      input: {
        scales: [
          { year: 2025, scale: 'ABOVE' },
          { year: 1999, scale: 'ABOVE' },
        ],
      },
    },
    field: 'scales.1.year',
    table: 'firm_scales',
  },
  'a negative employee count': {
    document: UPDATE_FIRM,
    variables: { id: IDS.firmA1, input: { employees: -1 } },
    field: 'employees',
    table: 'firms',
  },
  'a malformed firm id': {
    document: UPDATE_FIRM,
    variables: { id: 'not-a-uuid', input: { employees: 3 } },
    field: 'id',
    table: 'firms',
  },
  'a malformed firm id for a land plot': {
    document: ADD_PLOT,
    variables: { ...plot({}), firmId: "1' OR '1'='1" },
    field: 'firmId',
    table: 'land_plots',
  },
  'a malformed park id inside the input': {
    document: CREATE_FIRM,
    variables: { input: firmInput({ parkId: '12345' }) },
    field: 'parkId',
    table: 'firms',
    caller: 'platformAdmin',
  },
  'a region code of five digits': {
    document: CREATE_PARK,
    variables: { input: { name: '新园区', regionCode: '33011' } },
    field: 'regionCode',
    table: 'parks',
    caller: 'platformAdmin',
  },
  'a page size of 0': { document: FIRMS, variables: { first: 0 }, field: 'first' },
  'a page size of 1000': { document: FIRMS, variables: { first: 1000 }, field: 'first' },
  'a page size given as a string': { document: FIRMS, variables: { first: '10' }, field: 'first' },
  'a cursor that is not ours': { document: FIRMS, variables: { first: 10, after: 'bm90LW91cnM' }, field: 'after' },
  'a password shorter than 10 characters': {
    document: REGISTER,
    variables: { input: { email: 'short@vg.test', password: 'short', displayName: 'S', organisationName: 'O' } },
    field: 'password',
    table: 'users',
    caller: 'anonymous',
  },
  'an email that is not one': {
    document: REGISTER,
    variables: {
      input: { email: 'not-an-email', password: 'long-enough-pass', displayName: 'S', organisationName: 'O' },
    },
    field: 'email',
    table: 'users',
    caller: 'anonymous',
  },
};

describe('bad input and the GraphQL surface', () => {
  let app: TestApp;
  let tokens: Tokens;
  const tableContents = (table: string) => app.dataSource.query(`SELECT * FROM ${table} ORDER BY 1, 2`);

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
  });
  afterAll(() => app.close());

  it('detects a leak when there is one (the check below can fail)', () => {
    expect(leaksIn('duplicate key value violates unique constraint "firms_uscc_key"')).not.toEqual([]);
    expect(leaksIn('relation "parks_gone" does not exist')).not.toEqual([]);
    expect(leaksIn('    at FirmsService.create (libs/firms/src/firms.service.ts:71:13)')).not.toEqual([]);
    expect(leaksIn('areaM2: must be a decimal greater than 0')).toEqual([]);
  });

  it.each(Object.entries(CASES))(
    'refuses %s as BAD_USER_INPUT naming the field, writing nothing',
    async (_situation, badCase) => {
      const before = badCase.table ? await tableContents(badCase.table) : null;
      const caller = badCase.caller ?? 'parkAdminA';
      const response = await app.gql(
        badCase.document,
        badCase.variables,
        caller === 'anonymous' ? undefined : tokens[caller],
      );

      expect(response.errors).toHaveLength(1);
      const { code, field } = response.errors?.[0].extensions ?? {};
      expect(code).toBe('BAD_USER_INPUT');
      // Validation names the field within the argument (`areaM2`); GraphQL's own coercion names it from the variable
      // (`input.areaM2`). Either way the field itself must be the one at fault.
      expect([badCase.field, `input.${badCase.field}`]).toContain(field);
      expect(response.data ?? null).toBeNull();
      expect(leaksIn(toldToClient(response))).toEqual([]);
      if (badCase.table) expect(await tableContents(badCase.table)).toEqual(before);
    },
  );

  it.each([
    [
      'a date written inline',
      `mutation { updateFirm(id: "${IDS.firmA1}", input: { joinedOn: "2024-02-30" }) { id } }`,
      'joinedOn',
    ],
    [
      'a decimal written inline as a number',
      `mutation { addLandPlot(firmId: "${IDS.firmA1}", input: { certificateNo: "Z-1", areaM2: 12.5, tenure: OWNED }) { id } }`,
      'areaM2',
    ],
  ])('names the field for %s in the query text, too', async (_situation, document, field) => {
    const firmsBefore = await tableContents('firms');
    const plotsBefore = await tableContents('land_plots');
    const response = await app.gql(document, {}, tokens.parkAdminA);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await tableContents('firms')).toEqual(firmsBefore);
    expect(await tableContents('land_plots')).toEqual(plotsBefore);
    expect(response.errors?.[0].extensions?.field).toBe(field);
  });

  it('refuses a duplicate without naming the constraint or the table', async () => {
    const before = await tableContents('firms');
    const response = await app.gql(CREATE_FIRM, { input: firmInput({ uscc: USCC.firmB1 }) }, tokens.platformAdmin);
    expect(response.errors?.[0].extensions).toEqual({ code: 'CONFLICT', field: 'uscc' });
    expect(leaksIn(toldToClient(response))).toEqual([]);
    expect(await tableContents('firms')).toEqual(before);
  });

  describe('GraphQL limits, checked before anything runs', () => {
    const nestedIn = (levels: number, root: string, inner: string) =>
      `${Array.from({ length: levels }, () => `... on ${root} {`).join(' ')} ${inner} ${'}'.repeat(levels)}`;
    const createPark = (name: string) => `createPark(input: { name: "${name}", regionCode: "330100" }) { id }`;

    it('runs a mutation nested within the depth limit (the control)', async () => {
      const name = `深度对照${uniqueSuffix()}`;
      const response = await app.gql(
        `mutation { ${nestedIn(5, 'Mutation', createPark(name))} }`,
        {},
        tokens.platformAdmin,
      );
      expect(response.errors).toBeUndefined();
      expect(await app.dataSource.query('SELECT 1 FROM parks WHERE name = $1', [name])).toHaveLength(1);
    });

    it('refuses a mutation nested deeper than the depth limit without running it', async () => {
      const before = await tableContents('parks');
      const response = await app.gql(
        `mutation { ${nestedIn(10, 'Mutation', createPark('太深'))} }`,
        {},
        tokens.platformAdmin,
      );
      expect(response.status).toBe(200);
      expect(response.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(response.errors?.[0].message).toMatch(/depth limit of \d+ exceeded/);
      expect(response.data ?? null).toBeNull();
      expect(await tableContents('parks')).toEqual(before);
    });

    it('runs 15 aliases (the control)', async () => {
      const query = `{ ${Array.from({ length: 15 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
      const response = await app.gql<Record<string, unknown>>(query, {}, tokens.buyer1);
      expect(response.errors).toBeUndefined();
      expect(Object.keys(response.data ?? {})).toHaveLength(15);
    });

    it('refuses 16 aliased mutations without running any of them', async () => {
      const before = await tableContents('processes');
      const aliases = Array.from(
        { length: 16 },
        (_, i) => `p${i}: addProcess(input: { code: "ALIAS_${i}", nameZh: "别名", nameEn: "Alias" }) { code }`,
      );
      const response = await app.gql(`mutation { ${aliases.join(' ')} }`, {}, tokens.platformAdmin);
      expect(response.status).toBe(200);
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].message).toMatch(/Aliases limit of 15 exceeded/);
      expect(await tableContents('processes')).toEqual(before);
    });

    // A client's mistake is never a 500 (which pages someone and is logged as a server error). As the GraphQL-over-HTTP
    // spec asks, an `application/json` client (or one sending no Accept) gets 200 with the errors, an
    // `application/graphql-response+json` client 400.
    it('refuses a query with too many tokens as a client error (200 for JSON clients)', async () => {
      const response = await app.gql(`{ me { ${'id '.repeat(2100)} } }`, {}, tokens.buyer1);
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].message).toMatch(/token/i);
      expect(response.status).toBe(200);
    });

    it.each([
      ['a syntax error', '{ me { id }'],
      ['an unknown field', '{ firmz(first: 1) { totalCount } }'],
      ['too many tokens', `{ me { ${'id '.repeat(2100)} } }`],
    ])('answers %s with 400 to an application/graphql-response+json client', async (_situation, query) => {
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/graphql-response+json',
          authorization: `Bearer ${tokens.buyer1}`,
        },
        body: JSON.stringify({ query }),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/application\/graphql-response\+json/);
      const body = (await response.json()) as GraphqlResponse;
      expect(body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it.each([
      ['an unclosed selection', '{ me { id }'],
      ['a stray word', 'query books / { me { id } }'],
    ])(
      'refuses a query with a syntax error (%s) as a client error (200 for JSON clients)',
      async (_situation, query) => {
        const response = await app.gql(query, {}, tokens.buyer1);
        expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(response.errors?.[0].message).toMatch(/Syntax Error/);
        expect(response.status).toBe(200);
      },
    );

    it('keeps introspection off when NODE_ENV is test', async () => {
      for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Firm") { fields { name } } }']) {
        const response = await app.gql(query, {}, tokens.platformAdmin);
        expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
        expect(response.errors?.[0].message).toMatch(/introspection is not allowed/);
        expect(response.data ?? null).toBeNull();
      }
    });

    it('does not suggest field names', async () => {
      const response = await app.gql('{ firmz(first: 1) { totalCount } }', {}, tokens.platformAdmin);
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].message).not.toMatch(/Did you mean|"firm"|"firms"/);
    });

    it('refuses a batched request (a JSON array) without running any of it', async () => {
      const before = await tableContents('parks');
      const operation = { query: `mutation { ${createPark('批量')} }` };
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.platformAdmin}` },
        body: JSON.stringify([operation, operation]),
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/batching disabled/);
      expect(await tableContents('parks')).toEqual(before);
    });

    it('refuses a simple (CSRF-able) request that a browser would send cross-site, without running it', async () => {
      const before = await tableContents('parks');
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${tokens.platformAdmin}` },
        body: JSON.stringify({ query: `mutation { ${createPark('跨站')} }` }),
      });
      expect(response.status).toBe(400);
      expect(await tableContents('parks')).toEqual(before);
    });

    it('refuses a body over the limit with 413 and keeps answering', async () => {
      const response = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.buyer1}` },
        body: JSON.stringify({ query: '{ me { id } }', variables: { padding: 'x'.repeat(1_100_000) } }),
      });
      expect(response.status).toBe(413);
      expect(leaksIn(await response.text())).toEqual([]);
      const after = await app.gql('{ me { id } }', {}, tokens.buyer1);
      expect(after.errors).toBeUndefined();
    });
  });

  describe('a genuine internal failure', () => {
    afterAll(() => app.dataSource.query('ALTER TABLE IF EXISTS parks_gone RENAME TO parks'));

    it('is masked as INTERNAL_SERVER_ERROR with no SQL, and the process keeps answering', async () => {
      await app.dataSource.query('ALTER TABLE parks RENAME TO parks_gone');
      const response = await app.gql('{ parks(first: 5) { totalCount } }', {}, tokens.platformAdmin);
      expect(response.errors).toEqual([
        { message: 'Internal server error', path: ['parks'], extensions: { code: 'INTERNAL_SERVER_ERROR' } },
      ]);
      expect(leaksIn(toldToClient(response))).toEqual([]);

      const health = await fetch(`${app.url}/health`);
      expect(health.status).toBe(200);
      expect((await app.gql<{ me: { id: string } }>('{ me { id } }', {}, tokens.buyer1)).data?.me.id).toEqual(
        expect.any(String),
      );
    });
  });
});

describe('in production (NODE_ENV=production)', () => {
  let app: TestApp;
  let token: string;
  const call = (query: string) => app.gql(query, {}, token);

  beforeAll(async () => {
    app = await startTestApp({ NODE_ENV: 'production', PASSWORD_HASH_PROFILE: 'standard' });
    await seedBase(app.dataSource);
    const login = await app.gql<{ login: { accessToken: string } }>(
      'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
      { input: { email: USERS.platformAdmin.email, password: SEED_PASSWORD } },
    );
    token = login.data?.login.accessToken ?? '';
  });
  afterAll(() => app.close());

  it('keeps introspection off', async () => {
    const response = await call('{ __schema { queryType { name } } }');
    expect(response.errors?.[0].message).toMatch(/introspection is not allowed/);
    expect(response.data ?? null).toBeNull();
  });

  it('does not suggest field names', async () => {
    const response = await call('{ parkz(first: 1) { totalCount } }');
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0].message).not.toMatch(/Did you mean|"park"|"parks"/);
  });

  it('masks an internal failure without a stack trace', async () => {
    await app.dataSource.query('ALTER TABLE parks RENAME TO parks_gone');
    const response = await call('{ parks(first: 5) { totalCount } }');
    await app.dataSource.query('ALTER TABLE parks_gone RENAME TO parks');
    expect(response.errors?.[0]).toEqual({
      message: 'Internal server error',
      path: ['parks'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('never sends a stack trace or SQL, whatever went wrong', async () => {
    const seen: GraphqlResponse[] = [];
    for (const query of [
      '{ __schema { queryType { name } } }',
      '{ parkz(first: 1) { totalCount } }',
      '{ park(id: "not-an-id") { id } }',
      '{ firms(first: 0) { totalCount } }',
      '{',
    ]) {
      seen.push(await call(query));
    }
    for (const response of seen) {
      expect(response.errors).not.toHaveLength(0);
      expect(JSON.stringify(response)).not.toMatch(/stacktrace|exception|\.ts:\d+|\.js:\d+/i);
      expect(leaksIn(toldToClient(response))).toEqual([]);
    }
  });
});

/**
 * reliability.md: introspection, suggestions and stack traces are off "when NODE_ENV is unset, because Apollo's
 * defaults turn them on then". An unset NODE_ENV counts as production: no built-in secret, no development aids.
 */
describe('with NODE_ENV unset', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startAppWithConfig({ env: envWithout('NODE_ENV', 'PASSWORD_HASH_PROFILE') });
    await seedBase(app.dataSource);
  });
  afterAll(() => app.close());

  it('refuses to start without a JWT secret', async () => {
    await expect(
      startAppWithConfig({ env: envWithout('NODE_ENV', 'JWT_SECRET', 'PASSWORD_HASH_PROFILE') }),
    ).rejects.toThrow(/JWT_SECRET is required/);
  });

  it('keeps introspection off', async () => {
    const response = await app.gql('{ __schema { queryType { name } } }');
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0].message).toMatch(/introspection is not allowed/);
  });

  it('does not suggest field names', async () => {
    const response = await app.gql('{ parkz(first: 1) { totalCount } }');
    expect(response.errors?.[0].message).not.toMatch(/Did you mean/);
  });

  it('does not accept tokens signed with the development secret that ships in the code', async () => {
    const forged = await new JwtService().signAsync(
      { sub: IDS.parkA, role: 'PLATFORM_ADMIN', parkId: null, firmId: null, buyerOrgId: null, typ: 'access' },
      { secret: 'development-only-secret-change-me-0123456789', algorithm: 'HS256', expiresIn: 600 },
    );
    const response = await app.gql('{ parks(first: 10) { totalCount } }', {}, forged);
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
