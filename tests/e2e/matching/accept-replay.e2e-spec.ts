/**
 * A firm that lost the answer to its `acceptProposal` and sends it again gets the same success, and nothing is booked
 * twice; any other request on a decided proposal is still a CONFLICT.
 */
import { acceptRequest, createListing, postOrder, proposalsOf } from '../../support/operations';
import { IDS, loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';
import { refusal } from '../orders/order-helpers';

const DECLINE = 'mutation ($input: DeclineProposalInput!) { declineProposal(input: $input) { id status } }';

describe('accepting a proposal again', () => {
  let app: TestApp;
  let tokens: Tokens;
  let orders = 0;

  /** A fresh one-stage order whose sewing goes to firm A1: the id of the proposal made to it. */
  async function proposalToA1(): Promise<string> {
    const posted = await postOrder(app, tokens.buyer1, {
      idempotencyKey: `accept-replay-${++orders}`,
      quantity: 300,
      route: [{ processCode: 'SEWING', leadDays: 0, maxUnitPrice: '15.00' }],
      earliestStart: '2027-04-02',
      dueDate: '2027-04-20',
    });
    const [proposal] = await proposalsOf(app, tokens.ownerA1, posted.order.id, 'PROPOSED');
    return proposal.id;
  }

  const bookedOfA1 = async (): Promise<number> =>
    (
      await app.dataSource.query(
        `SELECT COALESCE(SUM(booked), 0)::int AS booked FROM capacity_slots WHERE firm_id = $1`,
        [IDS.firmA1],
      )
    )[0].booked;

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    await createListing(app, tokens.ownerA1, {
      processCode: 'SEWING',
      unitsPerDay: 100,
      startDate: '2027-04-01',
      endDate: '2027-04-30',
      unitPrice: '12.00',
    });
  });
  afterAll(() => app.close());

  it('answers the same success when the same firm accepts it again, booking nothing more', async () => {
    const id = await proposalToA1();
    const before = await bookedOfA1();
    const first = dataOf(await acceptRequest(app, tokens.ownerA1, id)).acceptProposal;
    expect(first).toMatchObject({ __typename: 'ProposalAccepted', proposal: { id, status: 'ACCEPTED' } });
    const bookedOnce = await bookedOfA1();
    expect(bookedOnce - before).toBe(300);
    const [{ decidedAt }] = await app.dataSource.query(
      'SELECT decided_at AS "decidedAt" FROM proposals WHERE id = $1',
      [id],
    );

    const again = dataOf(await acceptRequest(app, tokens.ownerA1, id)).acceptProposal;
    expect(again).toEqual(first);
    expect(await bookedOfA1()).toBe(bookedOnce);
    expect(await app.dataSource.query('SELECT decided_at AS "decidedAt" FROM proposals WHERE id = $1', [id])).toEqual([
      { decidedAt },
    ]);
  });

  it('answers every one of parallel retries with the success and books once', async () => {
    const id = await proposalToA1();
    const before = await bookedOfA1();
    const answers = await Promise.all([1, 2, 3].map(() => acceptRequest(app, tokens.ownerA1, id)));
    for (const answer of answers) {
      expect(dataOf(answer).acceptProposal).toMatchObject({ __typename: 'ProposalAccepted', proposal: { id } });
    }
    expect((await bookedOfA1()) - before).toBe(300);
  });

  it('still refuses a decline of an accepted proposal, and an accept of a declined one, as CONFLICT', async () => {
    const accepted = await proposalToA1();
    dataOf(await acceptRequest(app, tokens.ownerA1, accepted));
    const decline = await app.gql(
      DECLINE,
      { input: { proposalId: accepted, reason: 'changed our mind' } },
      tokens.ownerA1,
    );
    expect(refusal(decline)).toEqual({ code: 'CONFLICT', field: 'id' });

    const declined = await proposalToA1();
    dataOf(await app.gql(DECLINE, { input: { proposalId: declined, reason: 'machines booked' } }, tokens.ownerA1));
    expect(refusal(await acceptRequest(app, tokens.ownerA1, declined))).toEqual({ code: 'CONFLICT', field: 'id' });
  });

  it('answers another firm’s retry as if the proposal did not exist', async () => {
    const id = await proposalToA1();
    dataOf(await acceptRequest(app, tokens.ownerA1, id));
    expect(refusal(await acceptRequest(app, tokens.ownerA2, id))).toEqual({ code: 'NOT_FOUND' });
  });
});
