/**
 * The public supplier profile on real PostgreSQL: what a buyer may read of a firm (and what it may never read).
 */
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { addDays, todayInChina, toDayNumber } from '@vg/core';
import { GraphQLObjectType } from 'graphql';
import { IDS, loginAll, seedBase, Tokens } from '../../../support/seed';
import { dataOf, errorCode, startTestApp, TestApp } from '../../../support/test-app';
import { createListing } from '../../../support/operations';
import { buildConstraintCluster, DELIVERY, FIRMS, haversineKm, SITES } from './constraint-cluster';

const PROFILES = `query ($first: Int!, $after: String, $search: SupplierSearchInput) {
  supplierProfiles(first: $first, after: $after, search: $search) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { firmId name town distanceKm rating evaluationClass processes { code }
            certifications { type number validFrom validTo } capacityCalendar { processCode weekStart freeUnits } }
  }
}`;

interface Profile {
  firmId: string;
  name: string;
  town: string | null;
  distanceKm: number | null;
  rating: number;
  evaluationClass: string | null;
  processes: { code: string }[];
  certifications: { type: string; validTo: string }[];
  capacityCalendar: { processCode: string; weekStart: string; freeUnits: number }[];
}
type ProfilePage = {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Profile[];
};

/** Words that name private figures or contact details: none may appear among the profile type's fields. */
const PRIVATE = /tax|revenue|energy|power|electric|output|land|employee|uscc|address|legal|scale|figure|value/i;

describe('public supplier profiles', () => {
  let app: TestApp;
  let tokens: Tokens;
  const today = todayInChina();
  const monday = addDays(today, -((toDayNumber(today) + 3) % 7));

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    await buildConstraintCluster(app, tokens);
    // Capacity in the coming weeks, for the coarse calendar: 50 pcs a day for a week starting next Monday.
    await createListing(app, tokens.parkAdminA, {
      firmId: FIRMS.near,
      processCode: 'SEWING',
      unitsPerDay: 50,
      startDate: addDays(monday, 7),
      endDate: addDays(monday, 13),
      unitPrice: '12.00',
    });
  });
  afterAll(() => app.close());

  const search = async (variables: Record<string, unknown>, token = tokens.buyer1) =>
    dataOf(await app.gql<{ supplierProfiles: ProfilePage }>(PROFILES, { first: 20, ...variables }, token))
      .supplierProfiles;

  it('finds the SEWING firms within 5 km holding BSCI today, nearest first, with their distance and town', async () => {
    const page = await search({
      search: { processCode: 'SEWING', certificationType: 'BSCI', near: DELIVERY, maxDistanceKm: '5' },
    });
    const expected = (['near', 'second', 'expiring', 'excluded'] as const)
      .map((name) => ({ name, firmId: FIRMS[name], km: haversineKm(DELIVERY, SITES[name]) }))
      .sort((a, b) => a.km - b.km);
    expect(page.nodes.map((profile) => profile.firmId)).toEqual(expected.map((firm) => firm.firmId));
    for (const [index, profile] of page.nodes.entries()) {
      expect(profile.distanceKm).toBeCloseTo(expected[index].km, 2);
      expect(profile.town).toBe(SITES[expected[index].name].town);
      expect(profile.processes).toEqual([{ code: 'SEWING' }]);
      expect(profile.certifications.map((held) => held.type)).toEqual(['BSCI']);
      expect(profile.rating).toBe(3);
      expect(profile.evaluationClass).toBeNull();
    }
  });

  it('pages through the same list with the cursor', async () => {
    const criteria = { search: { processCode: 'SEWING', near: DELIVERY } };
    const whole = await search(criteria);
    const first = await search({ ...criteria, first: 2 });
    const rest = await search({ ...criteria, first: 20, after: first.pageInfo.endCursor });
    expect(whole.nodes.length).toBeGreaterThan(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect([...first.nodes, ...rest.nodes].map((profile) => profile.firmId)).toEqual(
      whole.nodes.map((profile) => profile.firmId),
    );
  });

  it('shows free capacity per week, coarsely', async () => {
    const [near] = (
      await search({ search: { processCode: 'SEWING', near: DELIVERY, maxDistanceKm: '1.2' } })
    ).nodes.filter((profile) => profile.firmId === FIRMS.near);
    expect(near.capacityCalendar).toHaveLength(8);
    const nextWeek = near.capacityCalendar.find((week) => week.weekStart === addDays(monday, 7));
    expect(nextWeek).toEqual({ processCode: 'SEWING', weekStart: addDays(monday, 7), freeUnits: 7 * 50 });
    expect(near.capacityCalendar.reduce((sum, week) => sum + week.freeUnits, 0)).toBe(7 * 50);
  });

  it('drops firms below a rating floor and refuses a radius without a point', async () => {
    const rated = await search({ search: { processCode: 'SEWING', minRating: '3.01' } });
    expect(rated.totalCount).toBe(0);
    const refused = await app.gql(PROFILES, { first: 5, search: { maxDistanceKm: '5' } }, tokens.buyer1);
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0].extensions?.field).toBe('near');
  });

  it('has no field that could carry tax, power, output or other private figures', () => {
    const schema = app.app.get(GraphQLSchemaHost).schema;
    const checked = ['SupplierProfile', 'SupplierCertification', 'WeeklyFreeCapacity'];
    for (const typeName of checked) {
      const type = schema.getType(typeName) as GraphQLObjectType;
      const fields = Object.keys(type.getFields());
      expect(fields).not.toHaveLength(0);
      expect(fields.filter((field) => PRIVATE.test(field))).toEqual([]);
    }
    // The pattern itself catches what it must (a check that could never fail proves nothing).
    expect(Object.keys((schema.getType('Firm') as GraphQLObjectType).getFields()).some((f) => PRIVATE.test(f))).toBe(
      true,
    );
  });

  it.each([
    { situation: 'the firm record', query: 'query ($id: ID!) { firm(id: $id) { id employees } }' },
    {
      situation: 'the firm’s yearly figures (tax, power, output)',
      query: 'query ($id: ID!) { yearSheet(firmId: $id, year: 2025) { firmId } }',
    },
  ])('refuses a buyer asking for $situation', async ({ query }) => {
    expect(errorCode(await app.gql(query, { id: FIRMS.near }, tokens.buyer1))).toBe('FORBIDDEN');
    expect(errorCode(await app.gql(query, { id: IDS.firmA1 }, tokens.buyer1))).toBe('FORBIDDEN');
  });
});
