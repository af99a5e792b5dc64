/**
 * 500 firms' answers racing for one day of 50 pieces, over real HTTP on real PostgreSQL: exactly 50 are booked,
 * every request is answered (ProposalAccepted or InsufficientCapacity, never a 5xx or an error), and the slot's
 * `booked` equals the pieces of the accepted proposals. Three rounds, each on a fresh slot.
 *
 * The proposals are written straight into the tables (one piece each, 500 orders, all on the same slot): what is
 * under test is the concurrent `acceptProposal` calls, not how the proposals came about. The request loop is
 * bounded (one `Promise.all` of 500 requests per round) and goes to 127.0.0.1 only.
 */
import { createListing, acceptRequest, AcceptAnswer } from '../../support/operations';
import { IDS, loginAll, seedBase, Tokens, USERS } from '../../support/seed';
import { startTestApp, TestApp } from '../../support/test-app';

const ROUNDS = 3;
const REQUESTS = 500;
const CAPACITY = 50;

const EXPLANATION = {
  total: 0.5,
  price: 0.5,
  dueDateSlack: 0.5,
  onTimeRecord: 0.5,
  qualityRecord: 0.5,
  samePark: 1,
  sameGroup: 0,
  fairness: 0,
  summary: 'written by the concurrency test',
};

describe('concurrent acceptProposal on one slot', () => {
  let app: TestApp;
  let tokens: Tokens;
  let buyerUserId: string;

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    [{ id: buyerUserId }] = await app.dataSource.query(`SELECT id FROM users WHERE email = $1`, [USERS.buyer1.email]);
  });
  afterAll(() => app.close());

  /** A fresh one-day listing of CAPACITY pieces and REQUESTS proposals of one piece each on its slot. */
  async function prepareRound(round: number): Promise<{ slotId: string; proposalIds: string[] }> {
    const day = `2027-05-${String(10 + round).padStart(2, '0')}`;
    const listing = await createListing(app, tokens.ownerA1, {
      processCode: 'SEWING',
      unitsPerDay: CAPACITY,
      startDate: day,
      endDate: day,
      unitPrice: '12.00',
    });
    const [{ id: slotId }] = await app.dataSource.query(
      `SELECT id::text AS id FROM capacity_slots WHERE listing_id = $1`,
      [listing.id],
    );
    const rows: { id: string }[] = await app.dataSource.query(
      `WITH o AS (
         INSERT INTO orders (buyer_org_id, created_by, product, quantity, earliest_start, due_date, status,
                             idempotency_key, request_hash)
         SELECT $1, $2, 'T-shirt', 1, $3, $3, 'PLANNED', 'race-' || $4 || '-' || n, repeat('0', 64)
           FROM generate_series(1, $5) n
         RETURNING id),
       s AS (
         INSERT INTO order_stages (order_id, seq, process_code, lead_days, max_unit_price)
         SELECT id, 1, 'SEWING', 0, '15.00' FROM o RETURNING id, order_id),
       a AS (
         INSERT INTO proposals (order_id, stage_id, stage_seq, park_id, buyer_org_id, firm_id, listing_id, process_code,
                                units, unit_price, cost, first_day, last_day, status, explanation, origin, expires_at)
         SELECT s.order_id, s.id, 1, $6, $1, $7, $8, 'SEWING', 1, '12.00', '12.00', $3, $3, 'PROPOSED', $9::jsonb,
                'QUOTE', now() + interval '1 day'
           FROM s RETURNING id, order_id),
       d AS (INSERT INTO proposal_days (proposal_id, date, slot_id, units) SELECT id, $3, $10, 1 FROM a),
       p AS (INSERT INTO order_participants (order_id, firm_id, park_id) SELECT order_id, $7, $6 FROM a)
       SELECT id FROM a`,
      [
        IDS.buyerOrg1,
        buyerUserId,
        day,
        String(round),
        REQUESTS,
        IDS.parkA,
        IDS.firmA1,
        listing.id,
        JSON.stringify(EXPLANATION),
        slotId,
      ],
    );
    return { slotId, proposalIds: rows.map((row) => row.id) };
  }

  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: ${REQUESTS} concurrent accepts on ${CAPACITY} pieces book exactly ${CAPACITY}`, async () => {
      const { slotId, proposalIds } = await prepareRound(round);
      expect(proposalIds).toHaveLength(REQUESTS);

      const responses = await Promise.all(proposalIds.map((id) => acceptRequest(app, tokens.ownerA1, id)));

      // Every request answered, none with a server error or any GraphQL error.
      expect(responses.filter((response) => response.status >= 500)).toEqual([]);
      expect(responses.flatMap((response) => response.errors ?? [])).toEqual([]);
      const answers = responses.map((response) => response.data?.acceptProposal as AcceptAnswer);
      const accepted = answers.filter((answer) => answer.__typename === 'ProposalAccepted');
      const refused = answers.filter((answer) => answer.__typename === 'InsufficientCapacity');
      expect(accepted).toHaveLength(CAPACITY);
      expect(refused).toHaveLength(REQUESTS - CAPACITY);
      for (const answer of refused) expect(answer).toMatchObject({ requested: 1, available: 0 });
      for (const answer of accepted) {
        expect(answer).toMatchObject({ proposal: { status: 'ACCEPTED' }, order: { status: 'CONFIRMED' } });
      }

      const [slot] = await app.dataSource.query(`SELECT capacity, booked FROM capacity_slots WHERE id = $1`, [slotId]);
      expect(slot).toEqual({ capacity: CAPACITY, booked: CAPACITY });
      const [sums] = await app.dataSource.query(
        `SELECT COALESCE(SUM(d.units) FILTER (WHERE a.status = 'ACCEPTED'), 0)::int AS accepted_units,
                COUNT(*) FILTER (WHERE a.status = 'ACCEPTED')::int AS accepted,
                COUNT(*) FILTER (WHERE a.status = 'PROPOSED')::int AS proposed
           FROM proposal_days d JOIN proposals a ON a.id = d.proposal_id WHERE d.slot_id = $1`,
        [slotId],
      );
      expect(sums).toEqual({ accepted_units: CAPACITY, accepted: CAPACITY, proposed: REQUESTS - CAPACITY });
      // The ones that answered "accepted" are exactly the ones the database holds as accepted.
      const acceptedIds: { id: string }[] = await app.dataSource.query(
        `SELECT id FROM proposals WHERE id = ANY($1::uuid[]) AND status = 'ACCEPTED'`,
        [proposalIds],
      );
      expect(acceptedIds.map((row) => row.id).sort()).toEqual(
        accepted.map((answer) => (answer.__typename === 'ProposalAccepted' ? answer.proposal.id : '')).sort(),
      );
      const [{ confirmed }] = await app.dataSource.query(
        `SELECT COUNT(*)::int AS confirmed FROM orders WHERE idempotency_key LIKE $1 AND status = 'CONFIRMED'`,
        [`race-${round}-%`],
      );
      expect(confirmed).toBe(CAPACITY);
    }, 180_000);
  }

  it('keeps every slot of the run consistent: booked equals the accepted proposal days on it', async () => {
    const mismatched = await app.dataSource.query(
      `SELECT s.id, s.booked, COALESCE(SUM(d.units) FILTER (WHERE a.status IN ('ACCEPTED', 'DELIVERED')), 0)::int AS held
         FROM capacity_slots s
         LEFT JOIN proposal_days d ON d.slot_id = s.id
         LEFT JOIN proposals a ON a.id = d.proposal_id
        GROUP BY s.id, s.booked
       HAVING s.booked <> COALESCE(SUM(d.units) FILTER (WHERE a.status IN ('ACCEPTED', 'DELIVERED')), 0)`,
    );
    expect(mismatched).toEqual([]);
  });
});
