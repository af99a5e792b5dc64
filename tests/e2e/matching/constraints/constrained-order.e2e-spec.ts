/**
 * A buyer's constraints on real PostgreSQL: an order with a delivery point, a radius, a rating floor, a required
 * certification and an excluded firm is quoted and proposed only to firms that meet all of them, each assignment
 * priced for transport at the park's rate. Every other SEWING firm of the cluster breaks exactly one constraint.
 */
import { IDS, loginAll, seedBase, Tokens } from '../../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../../support/test-app';
import { createListing, postOrder } from '../../../support/operations';
import { declineRequest, refusal } from '../../orders/order-helpers';
import { buildConstraintCluster, DELIVERY, FIRMS, haversineKm, SITES, WINDOW } from './constraint-cluster';

const ASSIGNMENT_FIELDS = `stageSeq firmId units unitPrice cost distanceKm transportCost
  qualifications { rating certifications } explanation { summary }`;
const PREVIEW = `query ($input: PostOrderInput!) {
  previewQuote(input: $input) {
    feasible unitsPlanned totalCost transportCost assignments { ${ASSIGNMENT_FIELDS} }
    shortfall { reason unitsShort message }
  }
}`;
const POST = `mutation ($input: PostOrderInput!) {
  postOrder(input: $input) {
    order { id status deliveryLatitude deliveryLongitude maxDistanceKm minRating excludedFirmIds stages { requiredCertifications } }
    quote { feasible unitsPlanned totalCost transportCost assignments { ${ASSIGNMENT_FIELDS} } }
  }
}`;

interface AssignmentView {
  firmId: string;
  units: number;
  cost: string;
  distanceKm: number | null;
  transportCost: string;
  qualifications: { rating: number | null; certifications: string[] };
}

/** A.rated firm that declined its only proposal: 5 × (0.4 × 0.6 + 0.4 × 0.6 + 0.2 × 0) with one proposal of evidence. */
const DECLINED_ONCE_RATING = Math.round(((1 * 5 * (0.4 * 0.6 + 0.4 * 0.6 + 0.2 * 0) + 3 * 3) / (1 + 3)) * 100) / 100;
const RATE_FEN_PER_PIECE_KM = 0.4;
const SITE_OF: Record<string, { latitude: string; longitude: string }> = Object.fromEntries(
  (Object.keys(FIRMS) as (keyof typeof FIRMS)[]).map((name) => [FIRMS[name], SITES[name]]),
);

const constrainedOrder = (idempotencyKey: string, quantity: number) => ({
  idempotencyKey,
  product: 'Polo shirt',
  quantity,
  route: [{ processCode: 'SEWING', leadDays: 0, maxUnitPrice: '15.00', requiredCertifications: ['BSCI'] }],
  ...WINDOW,
  deliveryLocation: DELIVERY,
  maxDistanceKm: '5',
  minRating: '3.00',
  excludedFirmIds: [FIRMS.excluded],
});

/** Every assignment against the order's constraints, from the test's own distance and the cluster's facts. */
function expectHonoured(assignments: AssignmentView[]): void {
  expect(assignments).not.toHaveLength(0);
  for (const assignment of assignments) {
    expect([FIRMS.near, FIRMS.second]).toContain(assignment.firmId);
    const km = haversineKm(DELIVERY, SITE_OF[assignment.firmId]);
    // The engine reports the distance to the metre; transport is costed on the unrounded distance.
    expect(assignment.distanceKm).toBeCloseTo(km, 3);
    expect(km).toBeLessThanOrEqual(5);
    expect(assignment.qualifications.certifications).toEqual(['BSCI']);
    expect(assignment.qualifications.rating).toBeGreaterThanOrEqual(3);
    expect(assignment.transportCost).toBe((Math.round(assignment.units * RATE_FEN_PER_PIECE_KM * km) / 100).toFixed(2));
  }
}

describe('an order with a buyer’s constraints', () => {
  let app: TestApp;
  let tokens: Tokens;

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    await buildConstraintCluster(app, tokens);
    // Firm A1 is near, certified and cheap, but declined the only proposal it ever had: rated below the floor.
    dataOf(
      await app.gql(
        'mutation ($id: ID!, $input: UpdateFirmInput!) { updateFirm(id: $id, input: $input) { id } }',
        { id: IDS.firmA1, input: { siteLocation: { latitude: '30.419000', longitude: '120.301000' } } },
        tokens.ownerA1,
      ),
    );
    dataOf(
      await app.gql(
        'mutation ($firmId: ID!, $input: CertificationInput!) { addFirmCertification(firmId: $firmId, input: $input) { id } }',
        {
          firmId: IDS.firmA1,
          input: { type: 'BSCI', number: 'BSCI-A1', issuer: 'amfori', validFrom: '2026-01-01', validTo: '2028-12-31' },
        },
        tokens.ownerA1,
      ),
    );
    for (const [startDate, endDate] of [
      ['2027-02-01', '2027-02-28'],
      ['2027-03-01', '2027-03-31'],
    ]) {
      await createListing(app, tokens.ownerA1, {
        processCode: 'SEWING',
        unitsPerDay: 100,
        startDate,
        endDate,
        unitPrice: '9.50',
      });
    }
    const february = await postOrder(app, tokens.buyer2, {
      idempotencyKey: 'constraints-february-1',
      quantity: 500,
      route: [{ processCode: 'SEWING', leadDays: 0, maxUnitPrice: '15.00' }],
      earliestStart: '2027-02-01',
      dueDate: '2027-02-20',
    });
    const [proposal] = dataOf(
      await app.gql<{ proposals: { nodes: { id: string }[] } }>(
        'query ($filter: ProposalFilterInput) { proposals(first: 10, filter: $filter) { nodes { id } } }',
        { filter: { orderId: february.order.id } },
        tokens.ownerA1,
      ),
    ).proposals.nodes;
    dataOf(await declineRequest(app, tokens.ownerA1, proposal.id));
  });
  afterAll(() => app.close());

  it('rates the firm that declined below the floor, and explains why to its owner', async () => {
    const rating = dataOf(
      await app.gql<{ supplierRating: { rating: number; declined: number; explanation: string } }>(
        'query ($firmId: ID!) { supplierRating(firmId: $firmId) { rating declined explanation } }',
        { firmId: IDS.firmA1 },
        tokens.ownerA1,
      ),
    ).supplierRating;
    expect(rating).toMatchObject({ rating: DECLINED_ONCE_RATING, declined: 1 });
    expect(rating.rating).toBeLessThan(3);
    expect(rating.explanation).toContain('1 declined');
  });

  it('without the constraints, the cheap firms would be chosen (so the constraints below are what decide)', async () => {
    const { route, idempotencyKey, quantity, earliestStart, dueDate } = constrainedOrder('constraints-free-1', 2500);
    const plan = dataOf(
      await app.gql<{ previewQuote: { assignments: AssignmentView[] } }>(
        PREVIEW,
        {
          input: {
            idempotencyKey,
            product: 'Polo shirt',
            quantity,
            earliestStart,
            dueDate,
            route: [{ ...route[0], requiredCertifications: [] }],
          },
        },
        tokens.buyer1,
      ),
    ).previewQuote;
    const chosen = plan.assignments.map((assignment) => assignment.firmId);
    expect(chosen).toContain(FIRMS.excluded);
    expect(chosen).not.toContain(FIRMS.second);
  });

  it('quotes and proposes only to firms within the radius, at or above the rating, certified and not excluded', async () => {
    const posted = dataOf(
      await app.gql<{
        postOrder: {
          order: Record<string, unknown> & { id: string; status: string };
          quote: {
            feasible: boolean;
            unitsPlanned: number;
            totalCost: string;
            transportCost: string;
            assignments: AssignmentView[];
          };
        };
      }>(POST, { input: constrainedOrder('constraints-order-1', 2500) }, tokens.buyer1),
    ).postOrder;
    expect(posted.order).toMatchObject({
      status: 'PLANNED',
      deliveryLatitude: DELIVERY.latitude,
      deliveryLongitude: DELIVERY.longitude,
      maxDistanceKm: '5.00',
      minRating: '3.00',
      excludedFirmIds: [FIRMS.excluded],
      stages: [{ requiredCertifications: ['BSCI'] }],
    });
    expect(posted.quote).toMatchObject({ feasible: true, unitsPlanned: 2500 });
    expectHonoured(posted.quote.assignments);
    const goods = posted.quote.assignments.reduce((sum, a) => sum + Math.round(Number(a.cost) * 100), 0);
    const transport = posted.quote.assignments.reduce((sum, a) => sum + Math.round(Number(a.transportCost) * 100), 0);
    expect(posted.quote.transportCost).toBe((transport / 100).toFixed(2));
    expect(posted.quote.totalCost).toBe(((goods + transport) / 100).toFixed(2));

    const proposals = dataOf(
      await app.gql<{ proposals: { nodes: AssignmentView[] } }>(
        `query ($filter: ProposalFilterInput) { proposals(first: 50, filter: $filter) {
           nodes { firmId units cost distanceKm transportCost qualifications { rating certifications } } } }`,
        { filter: { orderId: posted.order.id } },
        tokens.buyer1,
      ),
    ).proposals.nodes;
    expect(proposals.reduce((sum, proposal) => sum + proposal.units, 0)).toBe(2500);
    expectHonoured(proposals);
  });

  it('names the binding constraint when the eligible firms cannot make it all', async () => {
    const plan = dataOf(
      await app.gql<{
        previewQuote: {
          feasible: boolean;
          unitsPlanned: number;
          shortfall: { reason: string; unitsShort: number; message: string };
        };
      }>(PREVIEW, { input: constrainedOrder('constraints-short-1', 6000) }, tokens.buyer1),
    ).previewQuote;
    expect(plan.feasible).toBe(false);
    // Firms failing only the certification (uncertified, expiring) have the most room: 2 × 100 pcs × 19 days.
    expect(plan.shortfall.reason).toBe('CERTIFICATION');
    expect(plan.shortfall.message).toContain('holding BSCI');
    expect(plan.shortfall.message).toContain('dropping BSCI would admit 2 firms');
  });

  it.each([
    {
      situation: 'a radius without a delivery location',
      change: { deliveryLocation: null },
      field: 'deliveryLocation',
    },
    { situation: 'a rating floor above 5', change: { minRating: '5.01' }, field: 'minRating' },
    {
      situation: 'a firm both excluded and preferred',
      change: { preferredFirmIds: [FIRMS.near, FIRMS.excluded] },
      field: 'preferredFirmIds.1',
    },
    {
      situation: 'a certification type in lower case',
      change: {
        route: [{ processCode: 'SEWING', leadDays: 0, maxUnitPrice: '15.00', requiredCertifications: ['bsci'] }],
      },
      field: 'route.0.requiredCertifications',
    },
  ])('refuses $situation, naming the field', async ({ change, field }) => {
    const response = await app.gql(
      POST,
      { input: { ...constrainedOrder('constraints-bad-1', 100), ...change } },
      tokens.buyer1,
    );
    const refused = refusal(response);
    expect(refused.code).toBe('BAD_USER_INPUT');
    expect(refused.field).toContain(field);
  });

  it('gives an order preferring a park that sets a default radius that radius', async () => {
    dataOf(
      await app.gql(
        'mutation ($parkId: ID!, $input: ParkTransportSettingsInput!) { setParkTransportSettings(parkId: $parkId, input: $input) { id } }',
        {
          parkId: IDS.parkA,
          input: { transportRatePerUnitKm: '0.004', distanceMode: 'GREAT_CIRCLE', defaultMaxDistanceKm: '7.5' },
        },
        tokens.parkAdminA,
      ),
    );
    const { maxDistanceKm, ...withoutRadius } = constrainedOrder('constraints-default-radius-1', 100);
    expect(maxDistanceKm).toBe('5');
    const posted = dataOf(
      await app.gql<{ postOrder: { order: { maxDistanceKm: string | null } } }>(
        POST,
        { input: { ...withoutRadius, preferredParkId: IDS.parkA } },
        tokens.buyer1,
      ),
    ).postOrder;
    expect(posted.order.maxDistanceKm).toBe('7.50');
  });
});
