/**
 * What happens to an order when a firm says no, or says nothing: a declined or expired share is replaced on its own
 * days by other firms; when that is impossible and nothing is booked yet, the whole order is quoted again; when
 * something is booked already, the order goes back to OPEN with the shortfall recorded. Each scenario uses its own
 * month of capacity, so the scenarios do not draw on each other's.
 */
import { ProposalService } from '@vg/matching';
import { acceptRequest, createListing, ListingArgs, orderStatus, postOrder } from '../../support/operations';
import { IDS, loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';
import {
  addCutterA3,
  allProposals,
  declineRequest,
  FIRM_A3,
  FullProposal,
  historyOf,
  liveUnitsByStage,
  refusal,
} from './order-helpers';

const ROUTE = [
  { processCode: 'CUTTING', leadDays: 0, maxUnitPrice: '3.00' },
  { processCode: 'SEWING', leadDays: 0, maxUnitPrice: '15.00' },
];

const HOURS_49 = 49 * 3_600_000;

describe('declined and expired shares go back to matching', () => {
  let app: TestApp;
  let tokens: Tokens;

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    await addCutterA3(app.dataSource);
    tokens = await loginAll(app);
  });
  afterAll(() => app.close());

  /** Capacity for one month: the cutters and sewers named, each over the whole month unless `from` says otherwise. */
  async function listMonth(
    month: string,
    offers: { who: 'A1' | 'A2' | 'A3' | 'B1'; unitPrice: string; from?: string; unitsPerDay?: number }[],
  ) {
    for (const offer of offers) {
      const input: ListingArgs = {
        processCode: offer.who === 'A2' || offer.who === 'A3' ? 'CUTTING' : 'SEWING',
        unitsPerDay: offer.unitsPerDay ?? 300,
        startDate: `${month}-${offer.from ?? '01'}`,
        endDate: `${month}-28`,
        unitPrice: offer.unitPrice,
        minOrderQuantity: 100,
      };
      if (offer.who === 'A3') await createListing(app, tokens.parkAdminA, { ...input, firmId: FIRM_A3 });
      else await createListing(app, tokens[`owner${offer.who}`], input);
    }
  }

  async function post(key: string, month: string, quantity = 600) {
    const posted = await postOrder(app, tokens.buyer1, {
      idempotencyKey: key,
      quantity,
      route: ROUTE,
      earliestStart: `${month}-02`,
      dueDate: `${month}-26`,
    });
    expect(posted.quote.feasible).toBe(true);
    const proposals = await allProposals(app, tokens.buyer1, posted.order.id);
    return { orderId: posted.order.id, proposals };
  }

  async function proposedCount(): Promise<number> {
    const [{ n }] = await app.dataSource.query(`SELECT COUNT(*)::int AS n FROM proposals WHERE status = 'PROPOSED'`);
    return n;
  }

  const ofStage = (proposals: FullProposal[], seq: number) => proposals.filter((p) => p.stageSeq === seq);
  const live = (proposals: FullProposal[]) =>
    proposals.filter((p) => p.status === 'PROPOSED' || p.status === 'ACCEPTED');

  it('a declined share is replaced on exactly its own days by another firm', async () => {
    await listMonth('2027-06', [
      { who: 'A2', unitPrice: '2.50' },
      { who: 'A1', unitPrice: '12.00' },
      { who: 'B1', unitPrice: '13.00' },
    ]);
    const { orderId, proposals } = await post('requote-replace-01', '2027-06');
    const [cutting] = ofStage(proposals, 1);
    const sewing = ofStage(proposals, 2);
    expect(sewing.map((p) => p.firmId)).toEqual([IDS.firmA1]);
    dataOf(await acceptRequest(app, tokens.ownerA2, cutting.id));

    const declined = dataOf(
      await declineRequest(app, tokens.ownerA1, sewing[0].id, 'a rush order came in'),
    ).declineProposal;
    expect(declined).toMatchObject({ status: 'DECLINED', declineReason: 'a rush order came in' });

    const after = await allProposals(app, tokens.buyer1, orderId);
    const replacements = after.filter((p) => p.origin === 'REQUOTE');
    expect(replacements.map((p) => [p.firmId, p.stageSeq, p.status])).toEqual([[IDS.firmB1, 2, 'PROPOSED']]);
    // Same days, same pieces each day: the flow between the stages stays valid without touching the cutting.
    expect(replacements[0].days).toEqual(sewing[0].days);
    expect(liveUnitsByStage(after)).toEqual({ 1: 600, 2: 600 });
    expect(await orderStatus(app, tokens.buyer1, orderId)).toBe('PLANNED');
    expect(await historyOf(app, tokens.buyer1, orderId)).toContain('SHARE_REPLACED');

    // The replacing firm sees it and may accept it; then the order is confirmed.
    const accepted = dataOf(await acceptRequest(app, tokens.ownerB1, replacements[0].id)).acceptProposal;
    expect(accepted).toMatchObject({ __typename: 'ProposalAccepted', order: { status: 'CONFIRMED' } });
    // The firm that declined can no longer accept its old share.
    expect(refusal(await acceptRequest(app, tokens.ownerA1, sewing[0].id))).toEqual({ code: 'CONFLICT', field: 'id' });
  });

  it('when the share cannot be replaced on its days and nothing is booked, the whole order is quoted again', async () => {
    // A3 cuts too, but only from the 15th: it cannot take A2's early days, yet a later plan fits the due date.
    await listMonth('2027-07', [
      { who: 'A2', unitPrice: '2.50' },
      { who: 'A3', unitPrice: '2.80', from: '15' },
      { who: 'A1', unitPrice: '12.00' },
    ]);
    const { orderId, proposals } = await post('requote-whole-01', '2027-07');
    const [cutting] = ofStage(proposals, 1);
    const [sewing] = ofStage(proposals, 2);
    expect([cutting.firmId, sewing.firmId]).toEqual([IDS.firmA2, IDS.firmA1]);
    expect(cutting.firstDay < '2027-07-15').toBe(true);

    dataOf(await declineRequest(app, tokens.ownerA2, cutting.id));

    const after = await allProposals(app, tokens.buyer1, orderId);
    const statusOf = (id: string) => after.find((p) => p.id === id)?.status;
    expect(statusOf(cutting.id)).toBe('DECLINED');
    expect(statusOf(sewing.id)).toBe('SUPERSEDED');
    const fresh = live(after);
    expect(fresh).not.toHaveLength(0);
    for (const proposal of fresh) expect(proposal).toMatchObject({ origin: 'REQUOTE', status: 'PROPOSED' });
    expect(ofStage(fresh, 1).map((p) => p.firmId)).toEqual([FIRM_A3]);
    expect(ofStage(fresh, 1)[0].firstDay >= '2027-07-15').toBe(true);
    expect(ofStage(fresh, 2).map((p) => p.firmId)).toEqual([IDS.firmA1]);
    expect(liveUnitsByStage(after)).toEqual({ 1: 600, 2: 600 });
    expect(await orderStatus(app, tokens.buyer1, orderId)).toBe('PLANNED');
    expect(await historyOf(app, tokens.buyer1, orderId)).toEqual(['ORDER_POSTED', 'STATUS_PLANNED', 'ORDER_REQUOTED']);
  });

  it('when something is booked and the share cannot be replaced, the order goes back to OPEN with the shortfall', async () => {
    await listMonth('2027-08', [
      { who: 'A2', unitPrice: '2.50' },
      { who: 'A1', unitPrice: '12.00' },
    ]);
    const { orderId, proposals } = await post('requote-short-01', '2027-08');
    const [cutting] = ofStage(proposals, 1);
    const [sewing] = ofStage(proposals, 2);
    dataOf(await acceptRequest(app, tokens.ownerA2, cutting.id));
    dataOf(await declineRequest(app, tokens.ownerA1, sewing.id));

    expect(await orderStatus(app, tokens.buyer1, orderId)).toBe('OPEN');
    expect(await historyOf(app, tokens.buyer1, orderId)).toEqual(['ORDER_POSTED', 'STATUS_PLANNED', 'STATUS_OPEN']);
    const after = await allProposals(app, tokens.buyer1, orderId);
    // What is booked stays booked, for the park's re-plan.
    expect(after.map((p) => [p.stageSeq, p.status])).toEqual([
      [1, 'ACCEPTED'],
      [2, 'DECLINED'],
    ]);
    const [{ booked }] = await app.dataSource.query(
      `SELECT SUM(s.booked)::int AS booked FROM capacity_slots s JOIN capacity_listings l ON l.id = s.listing_id
        WHERE l.id = $1`,
      [cutting.listingId],
    );
    expect(booked).toBe(600);
  });

  it('a proposal left unanswered past its time expires and its share is re-quoted (only the clock is moved)', async () => {
    await listMonth('2027-09', [
      { who: 'A2', unitPrice: '2.50' },
      { who: 'A1', unitPrice: '12.00' },
      { who: 'B1', unitPrice: '13.00' },
    ]);
    const { orderId, proposals } = await post('requote-expire-01', '2027-09');
    const [cutting] = ofStage(proposals, 1);
    const [sewing] = ofStage(proposals, 2);
    dataOf(await acceptRequest(app, tokens.ownerA2, cutting.id));

    const expiry = app.app.get(ProposalService);
    // Nothing is overdue yet.
    expect(await expiry.expireOverdue()).toBe(0);
    // Expiry sweeps every order: the earlier scenarios' open proposals lapse too.
    const pending = await proposedCount();
    expect(await expiry.expireOverdue(new Date(Date.now() + HOURS_49))).toBe(pending);

    const after = await allProposals(app, tokens.buyer1, orderId);
    expect(after.find((p) => p.id === sewing.id)?.status).toBe('EXPIRED');
    const replacement = after.filter((p) => p.origin === 'REQUOTE');
    expect(replacement.map((p) => [p.firmId, p.stageSeq, p.status])).toEqual([[IDS.firmB1, 2, 'PROPOSED']]);
    expect(replacement[0].days).toEqual(sewing.days);
    expect(liveUnitsByStage(after)).toEqual({ 1: 600, 2: 600 });
    expect(await orderStatus(app, tokens.buyer1, orderId)).toBe('PLANNED');
    // The expired share can no longer be accepted.
    expect(refusal(await acceptRequest(app, tokens.ownerA1, sewing.id))).toEqual({ code: 'CONFLICT', field: 'id' });
  });

  it('when every share of an order expires at once, the order is re-planned once, without the silent firms', async () => {
    await listMonth('2027-10', [
      { who: 'A2', unitPrice: '2.50' },
      { who: 'A3', unitPrice: '2.80', from: '12' },
      { who: 'A1', unitPrice: '12.00' },
      { who: 'B1', unitPrice: '13.00' },
    ]);
    const { orderId, proposals } = await post('requote-expire-02', '2027-10');
    expect(proposals.map((p) => [p.stageSeq, p.firmId])).toEqual([
      [1, IDS.firmA2],
      [2, IDS.firmA1],
    ]);

    const pending = await proposedCount();
    const expired = await app.app.get(ProposalService).expireOverdue(new Date(Date.now() + HOURS_49));
    expect(expired).toBe(pending);

    const after = await allProposals(app, tokens.buyer1, orderId);
    expect(after.filter((p) => proposals.some((old) => old.id === p.id)).map((p) => p.status)).toEqual([
      'EXPIRED',
      'EXPIRED',
    ]);
    // One complete plan, not two half ones: each stage holds the quantity exactly once, and neither firm that let
    // its proposal lapse is asked again.
    expect(liveUnitsByStage(after)).toEqual({ 1: 600, 2: 600 });
    expect(live(after).map((p) => [p.stageSeq, p.firmId, p.origin])).toEqual([
      [1, FIRM_A3, 'REQUOTE'],
      [2, IDS.firmB1, 'REQUOTE'],
    ]);
    expect(await orderStatus(app, tokens.buyer1, orderId)).toBe('PLANNED');
  });
});
