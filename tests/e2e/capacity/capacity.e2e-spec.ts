/**
 * Capacity listings over real HTTP on real PostgreSQL: edits never go below what is booked, withdrawing keeps the
 * bookings (and books nothing more), utilisation adds up, and every other tenant or role is refused without
 * anything being written.
 */
import { acceptRequest, createListing, postOrder, proposalsOf } from '../../support/operations';
import { IDS, loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';
import { refusal, writableState } from '../orders/order-helpers';

const LISTING_FIELDS = 'id firmId processCode unitsPerDay startDate endDate unitPrice minOrderQuantity status';
const UPDATE = `mutation ($id: ID!, $input: UpdateCapacityListingInput!) { updateCapacityListing(id: $id, input: $input) { ${LISTING_FIELDS} } }`;
const WITHDRAW = `mutation ($id: ID!) { withdrawCapacityListing(id: $id) { ${LISTING_FIELDS} } }`;
const LISTING = `query ($id: ID!) { capacityListing(id: $id) { ${LISTING_FIELDS} } }`;
const LISTINGS = `query ($filter: CapacityListingFilterInput) { capacityListings(first: 50, filter: $filter) { nodes { id firmId } } }`;
const UTILISATION = `query ($firmId: ID!, $from: Date!, $to: Date!) {
  capacityUtilisation(firmId: $firmId, from: $from, to: $to) { date processCode capacity booked free utilisation }
}`;
const CREATE = `mutation ($input: CreateCapacityListingInput!) { createCapacityListing(input: $input) { id firmId } }`;

const SEWING_ONLY = [{ processCode: 'SEWING', leadDays: 0, maxUnitPrice: '15.00' }];

describe('capacity listings', () => {
  let app: TestApp;
  let tokens: Tokens;

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
  });
  afterAll(() => app.close());

  async function slotsOf(listingId: string): Promise<{ date: string; capacity: number; booked: number }[]> {
    return app.dataSource.query(
      `SELECT to_char(date, 'YYYY-MM-DD') AS date, capacity, booked FROM capacity_slots WHERE listing_id = $1 ORDER BY date`,
      [listingId],
    );
  }

  /** A sewing order for A1 alone, accepted: returns the accepted share. */
  async function bookSewing(key: string, quantity: number, earliestStart: string, dueDate: string) {
    const posted = await postOrder(app, tokens.buyer1, {
      idempotencyKey: key,
      quantity,
      route: SEWING_ONLY,
      earliestStart,
      dueDate,
    });
    expect(posted.quote.feasible).toBe(true);
    const [share] = await proposalsOf(app, tokens.ownerA1, posted.order.id);
    dataOf(await acceptRequest(app, tokens.ownerA1, share.id));
    return { orderId: posted.order.id, share };
  }

  it('opens one slot per day and reports utilisation per day', async () => {
    const listing = await createListing(app, tokens.ownerA1, {
      processCode: 'SEWING',
      unitsPerDay: 200,
      startDate: '2027-01-04',
      endDate: '2027-01-08',
      unitPrice: '12.00',
    });
    expect((await slotsOf(listing.id)).map((slot) => [slot.date, slot.capacity, slot.booked])).toEqual([
      ['2027-01-04', 200, 0],
      ['2027-01-05', 200, 0],
      ['2027-01-06', 200, 0],
      ['2027-01-07', 200, 0],
      ['2027-01-08', 200, 0],
    ]);
    await bookSewing('cap-util-0001', 300, '2027-01-04', '2027-01-08');
    const days = dataOf(
      await app.gql<{ capacityUtilisation: { booked: number; capacity: number; free: number; utilisation: string }[] }>(
        UTILISATION,
        { firmId: IDS.firmA1, from: '2027-01-04', to: '2027-01-08' },
        tokens.ownerA1,
      ),
    ).capacityUtilisation;
    expect(days.reduce((sum, day) => sum + day.booked, 0)).toBe(300);
    for (const day of days) {
      expect(day.free).toBe(day.capacity - day.booked);
      expect(day.utilisation).toBe((day.booked / day.capacity).toFixed(4));
    }
    // The park's admin sees the firm's utilisation too.
    expect(
      dataOf(
        await app.gql(UTILISATION, { firmId: IDS.firmA1, from: '2027-01-04', to: '2027-01-08' }, tokens.parkAdminA),
      ),
    ).toEqual({
      capacityUtilisation: days,
    });
  });

  it('never lowers capacity below what is booked on any day, nor drops days that have bookings', async () => {
    const listing = await createListing(app, tokens.ownerA1, {
      processCode: 'SEWING',
      unitsPerDay: 300,
      startDate: '2027-02-01',
      endDate: '2027-02-20',
      unitPrice: '12.00',
    });
    const { share } = await bookSewing('cap-edit-0001', 1000, '2027-02-02', '2027-02-15');
    const maxBooked = Math.max(...share.days.map((day) => day.units));
    const before = await slotsOf(listing.id);

    const tooLow = await app.gql(UPDATE, { id: listing.id, input: { unitsPerDay: maxBooked - 1 } }, tokens.ownerA1);
    expect(refusal(tooLow)).toEqual({ code: 'BAD_USER_INPUT', field: 'unitsPerDay' });
    expect(await slotsOf(listing.id)).toEqual(before);

    const cutOff = await app.gql(UPDATE, { id: listing.id, input: { endDate: share.firstDay } }, tokens.ownerA1);
    expect(refusal(cutOff)).toEqual({ code: 'BAD_USER_INPUT', field: 'endDate' });
    expect(await slotsOf(listing.id)).toEqual(before);

    // Down to exactly what is booked is allowed, and so is dropping days after the last booking.
    const exact = dataOf(
      await app.gql<{ updateCapacityListing: { unitsPerDay: number; endDate: string } }>(
        UPDATE,
        { id: listing.id, input: { unitsPerDay: maxBooked, endDate: share.lastDay } },
        tokens.ownerA1,
      ),
    ).updateCapacityListing;
    expect(exact).toMatchObject({ unitsPerDay: maxBooked, endDate: share.lastDay });
    const after = await slotsOf(listing.id);
    expect(after).not.toHaveLength(0);
    for (const slot of after) {
      expect(slot).toMatchObject({ capacity: maxBooked });
      expect(slot.booked).toBeLessThanOrEqual(slot.capacity);
    }
    expect(after.at(-1)?.date).toBe(share.lastDay);
    expect(after.reduce((sum, slot) => sum + slot.booked, 0)).toBe(1000);
  });

  it('withdrawing keeps what is booked, books nothing more and refuses later edits', async () => {
    const listing = await createListing(app, tokens.ownerA1, {
      processCode: 'SEWING',
      unitsPerDay: 300,
      startDate: '2027-04-01',
      endDate: '2027-04-20',
      unitPrice: '12.00',
    });
    const booked = await bookSewing('cap-withdraw-01', 600, '2027-04-02', '2027-04-18');
    // A second order is proposed on the same listing but not yet accepted when the firm withdraws.
    const pending = await postOrder(app, tokens.buyer2, {
      idempotencyKey: 'cap-withdraw-02',
      quantity: 400,
      route: SEWING_ONLY,
      earliestStart: '2027-04-02',
      dueDate: '2027-04-18',
    });
    const [pendingShare] = await proposalsOf(app, tokens.ownerA1, pending.order.id);
    expect(pendingShare.status).toBe('PROPOSED');

    const withdrawn = dataOf(
      await app.gql<{ withdrawCapacityListing: { status: string } }>(WITHDRAW, { id: listing.id }, tokens.ownerA1),
    ).withdrawCapacityListing;
    expect(withdrawn.status).toBe('WITHDRAWN');
    const slots = await slotsOf(listing.id);
    expect(slots.reduce((sum, slot) => sum + slot.booked, 0)).toBe(600);
    expect(slots).not.toHaveLength(0);
    for (const slot of slots) expect(slot).toMatchObject({ capacity: slot.booked });
    const [{ status }] = await app.dataSource.query(`SELECT status FROM proposals WHERE id = $1`, [booked.share.id]);
    expect(status).toBe('ACCEPTED');

    // The open proposal can no longer be booked: an answer, not an error.
    const late = dataOf(await acceptRequest(app, tokens.ownerA1, pendingShare.id)).acceptProposal;
    expect(late).toMatchObject({ __typename: 'InsufficientCapacity', proposalId: pendingShare.id, available: 0 });
    expect((await slotsOf(listing.id)).reduce((sum, slot) => sum + slot.booked, 0)).toBe(600);

    // Nothing new is quoted on it, and it cannot be edited any more.
    const preview = dataOf(
      await app.gql<{ previewQuote: { feasible: boolean } }>(
        `query ($input: PostOrderInput!) { previewQuote(input: $input) { feasible } }`,
        {
          input: {
            idempotencyKey: 'cap-preview-01',
            product: 'T-shirt',
            quantity: 100,
            route: SEWING_ONLY,
            earliestStart: '2027-04-02',
            dueDate: '2027-04-18',
          },
        },
        tokens.buyer1,
      ),
    ).previewQuote;
    expect(preview.feasible).toBe(false);
    expect(refusal(await app.gql(UPDATE, { id: listing.id, input: { unitsPerDay: 500 } }, tokens.ownerA1))).toEqual({
      code: 'CONFLICT',
    });
  });

  describe('refusals: other tenants and roles get nothing and change nothing', () => {
    let listingId: string;

    beforeAll(async () => {
      ({ id: listingId } = await createListing(app, tokens.ownerA1, {
        processCode: 'SEWING',
        unitsPerDay: 100,
        startDate: '2027-06-01',
        endDate: '2027-06-10',
        unitPrice: '12.00',
      }));
    });

    it('reading one listing: other park admin and other firm owner NOT_FOUND, buyer FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
      const cases = [
        [tokens.parkAdminB, 'NOT_FOUND'],
        [tokens.ownerA2, 'NOT_FOUND'],
        [tokens.ownerB1, 'NOT_FOUND'],
        [tokens.buyer1, 'FORBIDDEN'],
        [undefined, 'UNAUTHENTICATED'],
      ] as const;
      for (const [token, code] of cases) {
        expect(refusal(await app.gql(LISTING, { id: listingId }, token)).code).toBe(code);
      }
      // Those who may, can.
      for (const token of [tokens.ownerA1, tokens.parkAdminA, tokens.platformAdmin]) {
        expect(
          dataOf(await app.gql<{ capacityListing: { id: string } }>(LISTING, { id: listingId }, token)).capacityListing
            .id,
        ).toBe(listingId);
      }
    });

    it('listing listings: other tenants see none of A1’s; buyer FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
      for (const token of [tokens.parkAdminB, tokens.ownerA2, tokens.ownerB1]) {
        const nodes = dataOf(
          await app.gql<{ capacityListings: { nodes: { firmId: string }[] } }>(
            LISTINGS,
            { filter: { firmId: IDS.firmA1 } },
            token,
          ),
        ).capacityListings.nodes;
        expect(nodes).toEqual([]);
      }
      const own = dataOf(
        await app.gql<{ capacityListings: { nodes: { firmId: string }[] } }>(LISTINGS, {}, tokens.ownerA1),
      ).capacityListings.nodes;
      expect(own.length).toBeGreaterThan(0);
      for (const node of own) expect(node).toMatchObject({ firmId: IDS.firmA1 });
      expect(refusal(await app.gql(LISTINGS, {}, tokens.buyer1)).code).toBe('FORBIDDEN');
      expect(refusal(await app.gql(LISTINGS, {})).code).toBe('UNAUTHENTICATED');
    });

    it('utilisation of a firm: other park admin and other owners NOT_FOUND, buyer FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
      const variables = { firmId: IDS.firmA1, from: '2027-06-01', to: '2027-06-10' };
      const cases = [
        [tokens.parkAdminB, 'NOT_FOUND'],
        [tokens.ownerA2, 'NOT_FOUND'],
        [tokens.ownerB1, 'NOT_FOUND'],
        [tokens.buyer1, 'FORBIDDEN'],
        [undefined, 'UNAUTHENTICATED'],
      ] as const;
      for (const [token, code] of cases) expect(refusal(await app.gql(UTILISATION, variables, token)).code).toBe(code);
    });

    it('editing, withdrawing and creating for another firm are refused and write nothing', async () => {
      const before = await writableState(app.dataSource);
      const editors = [
        [tokens.parkAdminB, 'NOT_FOUND'],
        [tokens.ownerA2, 'NOT_FOUND'],
        [tokens.ownerB1, 'NOT_FOUND'],
        [tokens.buyer1, 'FORBIDDEN'],
        [undefined, 'UNAUTHENTICATED'],
      ] as const;
      for (const [token, code] of editors) {
        expect(
          refusal(await app.gql(UPDATE, { id: listingId, input: { unitsPerDay: 1, notes: 'x' } }, token)).code,
        ).toBe(code);
        expect(refusal(await app.gql(WITHDRAW, { id: listingId }, token)).code).toBe(code);
      }
      const input = {
        firmId: IDS.firmA1,
        processCode: 'SEWING',
        unitsPerDay: 50,
        startDate: '2027-07-01',
        endDate: '2027-07-05',
        unitPrice: '9.00',
        minOrderQuantity: 1,
      };
      for (const [token, code] of [
        [tokens.parkAdminB, 'NOT_FOUND'],
        // An owner naming another firm is not silently given a listing of their own instead.
        [tokens.ownerB1, 'NOT_FOUND'],
        [tokens.ownerA2, 'NOT_FOUND'],
        [tokens.buyer1, 'FORBIDDEN'],
        [undefined, 'UNAUTHENTICATED'],
      ] as const) {
        expect(refusal(await app.gql(CREATE, { input }, token)).code).toBe(code);
      }
      expect(await writableState(app.dataSource)).toEqual(before);
      // The park's own admin may list for the firm.
      const created = dataOf(
        await app.gql<{ createCapacityListing: { firmId: string } }>(CREATE, { input }, tokens.parkAdminA),
      );
      expect(created.createCapacityListing.firmId).toBe(IDS.firmA1);
    });
  });
});
