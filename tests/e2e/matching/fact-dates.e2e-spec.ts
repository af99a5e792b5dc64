/**
 * Progress and deliveries are facts: they cannot be dated after today (China Standard Time), and a refused one
 * writes nothing. The api's clock is mocked (`Clock`), the token clock is not.
 */
import { addDays, Clock } from '@vg/core';
import { setToday } from '../../support/clock';
import { acceptRequest, createListing, postOrder, proposalsOf } from '../../support/operations';
import { loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';
import { refusal } from '../orders/order-helpers';

const REPORT = 'mutation ($input: ReportProgressInput!) { reportProgress(input: $input) { unitsDone } }';
const DELIVER = 'mutation ($input: DeliverStageInput!) { deliverStage(input: $input) { status deliveredOn } }';

describe('facts dated after today', () => {
  let app: TestApp;
  let tokens: Tokens;
  let orders = 0;

  /** A fresh order whose one stage firm A1 has accepted: its proposal. */
  async function acceptedProposal(): Promise<{ id: string; units: number; firstDay: string }> {
    const posted = await postOrder(app, tokens.buyer1, {
      idempotencyKey: `fact-dates-${++orders}`,
      quantity: 300,
      route: [{ processCode: 'SEWING', leadDays: 0, maxUnitPrice: '15.00' }],
      earliestStart: '2027-04-02',
      dueDate: '2027-04-28',
    });
    const [proposal] = await proposalsOf(app, tokens.ownerA1, posted.order.id, 'PROPOSED');
    dataOf(await acceptRequest(app, tokens.ownerA1, proposal.id));
    return proposal;
  }

  const writtenFor = async (id: string) =>
    (
      await app.dataSource.query(
        `SELECT p.status,
                (SELECT count(*)::int FROM progress_reports r WHERE r.proposal_id = p.id) AS reports,
                (SELECT count(*)::int FROM platform_output_facts f WHERE f.proposal_id = p.id) AS facts
           FROM proposals p WHERE p.id = $1`,
        [id],
      )
    )[0];

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    await createListing(app, tokens.ownerA1, {
      processCode: 'SEWING',
      unitsPerDay: 300,
      startDate: '2027-04-01',
      endDate: '2027-04-30',
      unitPrice: '12.00',
    });
  });
  afterAll(() => app.close());

  it('refuses progress for tomorrow as BAD_USER_INPUT naming the date, and takes today’s', async () => {
    const proposal = await acceptedProposal();
    setToday(app, addDays(proposal.firstDay, 3));
    const tomorrow = await app.gql(
      REPORT,
      { input: { proposalId: proposal.id, date: addDays(proposal.firstDay, 4), unitsDone: 100, defectUnits: 0 } },
      tokens.ownerA1,
    );
    expect(refusal(tomorrow)).toEqual({ code: 'BAD_USER_INPUT', field: 'date' });
    expect(await writtenFor(proposal.id)).toEqual({ status: 'ACCEPTED', reports: 0, facts: 0 });

    const today = await app.gql(
      REPORT,
      { input: { proposalId: proposal.id, date: addDays(proposal.firstDay, 3), unitsDone: 100, defectUnits: 0 } },
      tokens.ownerA1,
    );
    expect(dataOf(today)).toEqual({ reportProgress: { unitsDone: 100 } });
  });

  it.each([
    ['a year ahead', '2028-04-10'],
    ['2099', '2099-01-01'],
  ])('refuses a delivery dated %s as BAD_USER_INPUT naming deliveredOn, writing nothing', async (_when, day) => {
    const proposal = await acceptedProposal();
    setToday(app, '2027-04-10');
    const response = await app.gql(
      DELIVER,
      { input: { proposalId: proposal.id, deliveredOn: day, unitsDelivered: proposal.units, defectUnits: 0 } },
      tokens.ownerA1,
    );
    expect(refusal(response)).toEqual({ code: 'BAD_USER_INPUT', field: 'deliveredOn' });
    expect(await writtenFor(proposal.id)).toEqual({ status: 'ACCEPTED', reports: 0, facts: 0 });
  });

  it('judges today in China: 23:59 on the 10th refuses the 11th, midnight takes it', async () => {
    const proposal = await acceptedProposal();
    const clock = app.app.get(Clock);
    jest.spyOn(clock, 'today').mockRestore();
    const now = jest.spyOn(clock, 'now').mockReturnValue(new Date('2027-04-10T15:59:00Z'));
    const deliver = () =>
      app.gql(
        DELIVER,
        {
          input: { proposalId: proposal.id, deliveredOn: '2027-04-11', unitsDelivered: proposal.units, defectUnits: 0 },
        },
        tokens.ownerA1,
      );
    expect(refusal(await deliver())).toEqual({ code: 'BAD_USER_INPUT', field: 'deliveredOn' });

    now.mockReturnValue(new Date('2027-04-10T16:00:00Z'));
    expect(dataOf(await deliver())).toEqual({ deliverStage: { status: 'DELIVERED', deliveredOn: '2027-04-11' } });
    expect(await writtenFor(proposal.id)).toEqual({ status: 'DELIVERED', reports: 0, facts: 1 });
  });
});
