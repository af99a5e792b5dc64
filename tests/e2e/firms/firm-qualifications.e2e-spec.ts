/**
 * What buyers select firms on, kept by the firm's owner or its park: the production site and certifications; and
 * how a park costs transport.
 */
import { IDS, loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, errorCode, GraphqlResponse, startTestApp, TestApp } from '../../support/test-app';

const UPDATE_FIRM = `mutation ($id: ID!, $input: UpdateFirmInput!) {
  updateFirm(id: $id, input: $input) { id siteLatitude siteLongitude siteTown }
}`;
const ADD = `mutation ($firmId: ID!, $input: CertificationInput!) {
  addFirmCertification(firmId: $firmId, input: $input) { id firmId type number issuer validFrom validTo evidenceRef }
}`;
const UPDATE = `mutation ($id: ID!, $input: CertificationInput!) {
  updateFirmCertification(id: $id, input: $input) { id type number validTo }
}`;
const REMOVE = 'mutation ($id: ID!) { removeFirmCertification(id: $id) }';
const FIRM = 'query ($id: ID!) { firm(id: $id) { id siteTown certifications { id type number validTo } } }';
const TRANSPORT = `mutation ($parkId: ID!, $input: ParkTransportSettingsInput!) {
  setParkTransportSettings(parkId: $parkId, input: $input) { id transportRatePerUnitKm distanceMode defaultMaxDistanceKm }
}`;

const bsci = (number: string, validTo = '2028-12-31') => ({
  type: 'BSCI',
  number,
  issuer: 'amfori',
  validFrom: '2026-01-01',
  validTo,
  evidenceRef: `docs/${number}.pdf`,
});

const fieldOf = (response: GraphqlResponse<unknown>) => response.errors?.[0]?.extensions?.field;

describe('firm sites and certifications', () => {
  let app: TestApp;
  let tokens: Tokens;

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
  });
  afterAll(() => app.close());

  it('lets the owner set its own site, with its town', async () => {
    const site = { latitude: '30.480000', longitude: '120.190000', town: '塘栖镇' };
    const updated = dataOf(
      await app.gql<{ updateFirm: Record<string, string> }>(
        UPDATE_FIRM,
        { id: IDS.firmA1, input: { siteLocation: site } },
        tokens.ownerA1,
      ),
    ).updateFirm;
    expect(updated).toEqual({
      id: IDS.firmA1,
      siteLatitude: site.latitude,
      siteLongitude: site.longitude,
      siteTown: site.town,
    });
  });

  it.each([
    {
      situation: 'another firm’s site',
      id: IDS.firmA2,
      site: { latitude: '30.4', longitude: '120.2' },
      code: 'NOT_FOUND',
    },
    {
      situation: 'a latitude past the pole',
      id: IDS.firmA1,
      site: { latitude: '90.5', longitude: '120.2' },
      code: 'BAD_USER_INPUT',
    },
    {
      situation: 'a longitude past 180°',
      id: IDS.firmA1,
      site: { latitude: '30.4', longitude: '-180.1' },
      code: 'BAD_USER_INPUT',
    },
  ])('refuses the owner $situation', async ({ id, site, code }) => {
    expect(errorCode(await app.gql(UPDATE_FIRM, { id, input: { siteLocation: site } }, tokens.ownerA1))).toBe(code);
  });

  it('lets the owner add, correct and remove its certifications, and shows them on the firm', async () => {
    const added = dataOf(
      await app.gql<{ addFirmCertification: { id: string } }>(
        ADD,
        { firmId: IDS.firmA1, input: bsci('A1-001') },
        tokens.ownerA1,
      ),
    ).addFirmCertification;
    expect(added).toMatchObject({ firmId: IDS.firmA1, type: 'BSCI', number: 'A1-001', evidenceRef: 'docs/A1-001.pdf' });
    const corrected = dataOf(
      await app.gql<{ updateFirmCertification: { validTo: string } }>(
        UPDATE,
        { id: added.id, input: bsci('A1-001', '2029-06-30') },
        tokens.ownerA1,
      ),
    ).updateFirmCertification;
    expect(corrected.validTo).toBe('2029-06-30');
    const seen = dataOf(
      await app.gql<{ firm: { certifications: { id: string; validTo: string }[] } }>(
        FIRM,
        { id: IDS.firmA1 },
        tokens.ownerA1,
      ),
    ).firm;
    expect(seen.certifications).toEqual([{ id: added.id, type: 'BSCI', number: 'A1-001', validTo: '2029-06-30' }]);
    expect(
      dataOf(await app.gql<{ removeFirmCertification: string }>(REMOVE, { id: added.id }, tokens.ownerA1))
        .removeFirmCertification,
    ).toBe(added.id);
    const after = dataOf(
      await app.gql<{ firm: { certifications: unknown[] } }>(FIRM, { id: IDS.firmA1 }, tokens.ownerA1),
    ).firm;
    expect(after.certifications).toEqual([]);
  });

  it('lets the park admin record a certification for a firm of its park', async () => {
    const added = dataOf(
      await app.gql<{ addFirmCertification: { firmId: string } }>(
        ADD,
        { firmId: IDS.firmA2, input: bsci('A2-001') },
        tokens.parkAdminA,
      ),
    ).addFirmCertification;
    expect(added.firmId).toBe(IDS.firmA2);
  });

  it.each([
    {
      situation: 'valid to before valid from',
      input: { ...bsci('X-1'), validTo: '2025-12-31' },
      code: 'BAD_USER_INPUT',
      field: 'validTo',
    },
    { situation: 'a lower-case type', input: { ...bsci('X-2'), type: 'bsci' }, code: 'BAD_USER_INPUT', field: 'type' },
  ])('refuses $situation, naming the field', async ({ input, code, field }) => {
    const response = await app.gql(ADD, { firmId: IDS.firmA1, input }, tokens.ownerA1);
    expect(errorCode(response)).toBe(code);
    expect(fieldOf(response)).toContain(field);
  });

  it('refuses an impossible date (the strict Date scalar)', async () => {
    const response = await app.gql(
      ADD,
      { firmId: IDS.firmA1, input: { ...bsci('X-3'), validTo: '2027-02-30' } },
      tokens.ownerA1,
    );
    expect(errorCode(response)).toBe('BAD_USER_INPUT');
  });

  it('refuses the same type and number twice for a firm', async () => {
    dataOf(await app.gql(ADD, { firmId: IDS.firmB1, input: bsci('B1-001') }, tokens.ownerB1));
    const again = await app.gql(ADD, { firmId: IDS.firmB1, input: bsci('B1-001') }, tokens.ownerB1);
    expect(errorCode(again)).toBe('CONFLICT');
    expect(fieldOf(again)).toBe('number');
  });

  it.each([
    { situation: 'another park’s admin', token: 'parkAdminB' as const, code: 'NOT_FOUND' },
    { situation: 'another firm’s owner', token: 'ownerA2' as const, code: 'NOT_FOUND' },
    { situation: 'a buyer', token: 'buyer1' as const, code: 'FORBIDDEN' },
  ])('answers $situation touching a firm’s certification as $code', async ({ token, code }) => {
    const own = dataOf(
      await app.gql<{ addFirmCertification: { id: string } }>(
        ADD,
        { firmId: IDS.firmA1, input: bsci(`A1-${token}`) },
        tokens.ownerA1,
      ),
    ).addFirmCertification;
    expect(errorCode(await app.gql(ADD, { firmId: IDS.firmA1, input: bsci(`Z-${token}`) }, tokens[token]))).toBe(code);
    expect(errorCode(await app.gql(REMOVE, { id: own.id }, tokens[token]))).toBe(code);
  });
});

describe('park transport settings', () => {
  let app: TestApp;
  let tokens: Tokens;

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
  });
  afterAll(() => app.close());

  it('starts at 0.004 yuan per piece-km, great-circle, no default radius, and the park admin changes it', async () => {
    const park = dataOf(
      await app.gql<{ park: Record<string, unknown> }>(
        'query ($id: ID!) { park(id: $id) { transportRatePerUnitKm distanceMode defaultMaxDistanceKm } }',
        { id: IDS.parkA },
        tokens.parkAdminA,
      ),
    ).park;
    expect(park).toEqual({
      transportRatePerUnitKm: '0.0040',
      distanceMode: 'GREAT_CIRCLE',
      defaultMaxDistanceKm: null,
    });
    const set = dataOf(
      await app.gql<{ setParkTransportSettings: Record<string, unknown> }>(
        TRANSPORT,
        {
          parkId: IDS.parkA,
          input: { transportRatePerUnitKm: '0.0055', distanceMode: 'GREAT_CIRCLE', defaultMaxDistanceKm: '12' },
        },
        tokens.parkAdminA,
      ),
    ).setParkTransportSettings;
    expect(set).toEqual({
      id: IDS.parkA,
      transportRatePerUnitKm: '0.0055',
      distanceMode: 'GREAT_CIRCLE',
      defaultMaxDistanceKm: '12.00',
    });
  });

  it.each([
    { situation: 'another park', token: 'parkAdminB' as const, input: {}, code: 'NOT_FOUND' },
    { situation: 'an owner', token: 'ownerA1' as const, input: {}, code: 'FORBIDDEN' },
    {
      situation: 'a negative rate',
      token: 'parkAdminA' as const,
      input: { transportRatePerUnitKm: '-0.001' },
      code: 'BAD_USER_INPUT',
    },
    {
      situation: 'a zero radius',
      token: 'parkAdminA' as const,
      input: { defaultMaxDistanceKm: '0' },
      code: 'BAD_USER_INPUT',
    },
  ])('refuses $situation', async ({ token, input, code }) => {
    const response = await app.gql(
      TRANSPORT,
      { parkId: IDS.parkA, input: { transportRatePerUnitKm: '0.004', distanceMode: 'GREAT_CIRCLE', ...input } },
      tokens[token],
    );
    expect(errorCode(response)).toBe(code);
  });
});
