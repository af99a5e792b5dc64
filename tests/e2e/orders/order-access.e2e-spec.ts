/**
 * Every role and tenant refusal on orders and proposals, over real HTTP: another park's admin, another firm's
 * owner and another buyer get NOT_FOUND (the row answers like a missing one), a role the operation does not allow
 * gets FORBIDDEN, no token gets UNAUTHENTICATED, and nothing is written by any refused call.
 */
import { ACCEPT, acceptRequest, createListing, postOrder, POST_ORDER, proposalsOf } from '../../support/operations';
import { IDS, loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';
import { AFTER_THE_WORK, setToday } from '../../support/clock';
import { declineRequest, refusal, writableState } from './order-helpers';

const ROUTE = [
  { processCode: 'CUTTING', leadDays: 1, maxUnitPrice: '3.00' },
  { processCode: 'SEWING', leadDays: 0, maxUnitPrice: '15.00' },
];
const ORDER = 'query ($id: ID!) { order(id: $id) { id status } }';
const ORDERS = 'query { orders(first: 50) { nodes { id } } }';
const PROPOSAL = 'query ($id: ID!) { proposal(id: $id) { id firmId } }';
const PROPOSALS =
  'query ($filter: ProposalFilterInput) { proposals(first: 50, filter: $filter) { nodes { id firmId } } }';
const DECLINE = `mutation ($input: DeclineProposalInput!) { declineProposal(input: $input) { id } }`;
const PROGRESS = `mutation ($input: ReportProgressInput!) { reportProgress(input: $input) { id unitsDone } }`;
const DELIVER = `mutation ($input: DeliverStageInput!) { deliverStage(input: $input) { id status } }`;
const CANCEL = 'mutation ($id: ID!) { cancelOrder(id: $id) { id status } }';
const CLOSE = 'mutation ($id: ID!) { closeOrder(id: $id) { id status } }';
const PREVIEW = 'query ($input: PostOrderInput!) { previewQuote(input: $input) { feasible } }';

type Case = readonly [token: string | undefined, code: string, who: string];

describe('order and proposal refusals by role and tenant', () => {
  let app: TestApp;
  let tokens: Tokens;
  let orderId: string;
  /** Cutting (A2) still proposed; sewing (A1) accepted, so progress and delivery can be tried on it. */
  let cutting: { id: string; firstDay: string; lastDay: string; units: number };
  let sewing: { id: string; firstDay: string; lastDay: string; units: number };

  beforeAll(async () => {
    app = await startTestApp();
    setToday(app, AFTER_THE_WORK);
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    await createListing(app, tokens.ownerA2, {
      processCode: 'CUTTING',
      unitsPerDay: 500,
      startDate: '2027-03-01',
      endDate: '2027-03-31',
      unitPrice: '2.50',
    });
    await createListing(app, tokens.ownerA1, {
      processCode: 'SEWING',
      unitsPerDay: 300,
      startDate: '2027-03-01',
      endDate: '2027-03-31',
      unitPrice: '12.00',
    });
    const posted = await postOrder(app, tokens.buyer1, {
      idempotencyKey: 'access-order-01',
      quantity: 600,
      route: ROUTE,
      earliestStart: '2027-03-02',
      dueDate: '2027-03-25',
    });
    orderId = posted.order.id;
    [cutting] = await proposalsOf(app, tokens.ownerA2, orderId);
    [sewing] = await proposalsOf(app, tokens.ownerA1, orderId);
    dataOf(await acceptRequest(app, tokens.ownerA1, sewing.id));
  });
  afterAll(() => app.close());

  async function expectRefusals(label: string, cases: Case[], call: (token: string | undefined) => Promise<unknown>) {
    const before = await writableState(app.dataSource);
    for (const [token, code, who] of cases) {
      const response = (await call(token)) as Parameters<typeof refusal>[0];
      expect({ label, who, code: refusal(response).code }).toEqual({ label, who, code });
    }
    expect(await writableState(app.dataSource)).toEqual(before);
  }

  const outsiders = (): Case[] => [
    [tokens.parkAdminB, 'NOT_FOUND', 'other park admin'],
    [tokens.ownerB1, 'NOT_FOUND', 'other park owner'],
    [tokens.buyer2, 'NOT_FOUND', 'other buyer'],
    [undefined, 'UNAUTHENTICATED', 'anonymous'],
  ];

  it('the order itself: outsiders NOT_FOUND, anonymous UNAUTHENTICATED; the parties can read it', async () => {
    await expectRefusals('order', outsiders(), (token) => app.gql(ORDER, { id: orderId }, token));
    for (const token of [tokens.buyer1, tokens.parkAdminA, tokens.ownerA1, tokens.ownerA2, tokens.platformAdmin]) {
      expect(dataOf(await app.gql<{ order: { id: string } }>(ORDER, { id: orderId }, token)).order.id).toBe(orderId);
    }
  });

  it('order and proposal lists: outsiders see none of it', async () => {
    for (const token of [tokens.parkAdminB, tokens.ownerB1, tokens.buyer2]) {
      const orders = dataOf(await app.gql<{ orders: { nodes: { id: string }[] } }>(ORDERS, {}, token)).orders.nodes;
      expect(orders.map((order) => order.id)).not.toContain(orderId);
      const proposals = dataOf(
        await app.gql<{ proposals: { nodes: unknown[] } }>(PROPOSALS, { filter: { orderId } }, token),
      ).proposals.nodes;
      expect(proposals).toEqual([]);
    }
    // A firm sees only the shares offered to it, also in a list filtered by the order.
    const ownA2 = dataOf(
      await app.gql<{ proposals: { nodes: { firmId: string }[] } }>(PROPOSALS, { filter: { orderId } }, tokens.ownerA2),
    ).proposals.nodes;
    expect(ownA2.map((proposal) => proposal.firmId)).toEqual([IDS.firmA2]);
    expect(refusal(await app.gql(ORDERS, {})).code).toBe('UNAUTHENTICATED');
    expect(refusal(await app.gql(PROPOSALS, {})).code).toBe('UNAUTHENTICATED');
  });

  it('one proposal: another firm of the same park, other tenants NOT_FOUND', async () => {
    await expectRefusals(
      'proposal',
      [[tokens.ownerA2, 'NOT_FOUND', 'other firm, same park'], ...outsiders()],
      (token) => app.gql(PROPOSAL, { id: sewing.id }, token),
    );
  });

  it('accept and decline: only the owner of the proposal’s firm; admins and buyers FORBIDDEN', async () => {
    const cases: Case[] = [
      [tokens.ownerA1, 'NOT_FOUND', 'other firm, same park'],
      [tokens.ownerB1, 'NOT_FOUND', 'other park owner'],
      [tokens.parkAdminA, 'FORBIDDEN', 'own park admin'],
      [tokens.parkAdminB, 'FORBIDDEN', 'other park admin'],
      [tokens.platformAdmin, 'FORBIDDEN', 'platform admin'],
      [tokens.buyer1, 'FORBIDDEN', 'the buyer'],
      [undefined, 'UNAUTHENTICATED', 'anonymous'],
    ];
    await expectRefusals('accept', cases, (token) => app.gql(ACCEPT, { id: cutting.id }, token));
    await expectRefusals('decline', cases, (token) =>
      app.gql(DECLINE, { input: { proposalId: cutting.id, reason: 'not ours to decline' } }, token),
    );
    // A proposal id that does not exist answers the same as one of another firm.
    expect(refusal(await acceptRequest(app, tokens.ownerA2, '00000000-0000-4000-8000-000000000000')).code).toBe(
      'NOT_FOUND',
    );
    expect(refusal(await declineRequest(app, tokens.ownerA2, '00000000-0000-4000-8000-000000000000')).code).toBe(
      'NOT_FOUND',
    );
  });

  it('progress and delivery: only the owner of the accepted share', async () => {
    const cases: Case[] = [
      [tokens.ownerA2, 'NOT_FOUND', 'other firm, same park'],
      [tokens.ownerB1, 'NOT_FOUND', 'other park owner'],
      [tokens.parkAdminA, 'FORBIDDEN', 'own park admin'],
      [tokens.buyer1, 'FORBIDDEN', 'the buyer'],
      [undefined, 'UNAUTHENTICATED', 'anonymous'],
    ];
    await expectRefusals('progress', cases, (token) =>
      app.gql(
        PROGRESS,
        { input: { proposalId: sewing.id, date: sewing.firstDay, unitsDone: 10, defectUnits: 0 } },
        token,
      ),
    );
    await expectRefusals('deliver', cases, (token) =>
      app.gql(
        DELIVER,
        { input: { proposalId: sewing.id, deliveredOn: sewing.lastDay, unitsDelivered: sewing.units, defectUnits: 0 } },
        token,
      ),
    );
    // On a share that is only proposed, even its own firm cannot report: a typed conflict, nothing written.
    const before = await writableState(app.dataSource);
    const early = await app.gql(
      PROGRESS,
      { input: { proposalId: cutting.id, date: cutting.firstDay, unitsDone: 1, defectUnits: 0 } },
      tokens.ownerA2,
    );
    expect(refusal(early)).toEqual({ code: 'CONFLICT', field: 'id' });
    expect(await writableState(app.dataSource)).toEqual(before);
  });

  it('cancel and close: only the buyer (and, for cancel, the platform admin)', async () => {
    const cases: Case[] = [
      [tokens.buyer2, 'NOT_FOUND', 'other buyer'],
      [tokens.parkAdminA, 'FORBIDDEN', 'own park admin'],
      [tokens.parkAdminB, 'FORBIDDEN', 'other park admin'],
      [tokens.ownerA1, 'FORBIDDEN', 'a firm of the order'],
      [undefined, 'UNAUTHENTICATED', 'anonymous'],
    ];
    await expectRefusals('cancel', cases, (token) => app.gql(CANCEL, { id: orderId }, token));
    await expectRefusals('close', [...cases, [tokens.platformAdmin, 'FORBIDDEN', 'platform admin']], (token) =>
      app.gql(CLOSE, { id: orderId }, token),
    );
  });

  it('posting and previewing: only buyers post; firms cannot preview; nothing is stored', async () => {
    const input = {
      idempotencyKey: 'access-order-99',
      product: 'T-shirt',
      quantity: 100,
      route: ROUTE,
      earliestStart: '2027-03-02',
      dueDate: '2027-03-25',
    };
    await expectRefusals(
      'postOrder',
      [
        [tokens.parkAdminA, 'FORBIDDEN', 'park admin'],
        [tokens.ownerA1, 'FORBIDDEN', 'owner'],
        [tokens.platformAdmin, 'FORBIDDEN', 'platform admin'],
        [undefined, 'UNAUTHENTICATED', 'anonymous'],
      ],
      (token) => app.gql(POST_ORDER, { input }, token),
    );
    await expectRefusals(
      'previewQuote',
      [
        [tokens.ownerA1, 'FORBIDDEN', 'owner'],
        [undefined, 'UNAUTHENTICATED', 'anonymous'],
      ],
      (token) => app.gql(PREVIEW, { input }, token),
    );
  });
});
