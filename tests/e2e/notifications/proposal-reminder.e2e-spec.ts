/**
 * "Expires in 4 h": with one hour to answer (PROPOSAL_RESPONSE_HOURS=1) a proposal's reminder is due as soon as it
 * is made, and reaches its owner's inbox once, through the outbox like any other event.
 */
import { createListing, postOrder, proposalsOf } from '../../support/operations';
import { loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';
import { eventually } from './receivers';

describe('proposal expiry reminder', () => {
  let app: TestApp;
  let tokens: Tokens;

  beforeAll(async () => {
    app = await startTestApp({ PROPOSAL_RESPONSE_HOURS: '1', OUTBOX_POLL_MS: '100' });
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
  });
  afterAll(() => app.close());

  it('reminds the owner of an unanswered proposal, once', async () => {
    await createListing(app, tokens.ownerA1, {
      processCode: 'SEWING',
      unitsPerDay: 300,
      startDate: '2027-03-01',
      endDate: '2027-03-31',
      unitPrice: '12.00',
    });
    const { order } = await postOrder(app, tokens.buyer1, {
      idempotencyKey: 'reminder-order-01',
      quantity: 300,
      route: [{ processCode: 'SEWING', leadDays: 0, maxUnitPrice: '15.00' }],
      earliestStart: '2027-03-02',
      dueDate: '2027-03-25',
    });
    const [proposal] = await proposalsOf(app, tokens.ownerA1, order.id);
    const types = async () =>
      dataOf(
        await app.gql<{ notifications: { nodes: { type: string; subjectId: string; title: string }[] } }>(
          '{ notifications(first: 10) { nodes { type subjectId title } } }',
          {},
          tokens.ownerA1,
        ),
      ).notifications.nodes;
    const reminder = await eventually('the reminder in the inbox', async () =>
      (await types()).find((node) => node.type === 'PROPOSAL_EXPIRING'),
    );
    expect(reminder.subjectId).toBe(proposal.id);
    expect(reminder.title).toMatch(/^A proposal expires at \d{4}-\d{2}-\d{2}T/);
    // A later round of the dispatcher raises nothing more.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await types()).filter((node) => node.type === 'PROPOSAL_EXPIRING')).toHaveLength(1);
    // The buyer is not told of the firm's reminder.
    const buyerItems = dataOf(
      await app.gql<{ notifications: { nodes: { type: string }[] } }>(
        '{ notifications(first: 10) { nodes { type } } }',
        {},
        tokens.buyer1,
      ),
    ).notifications.nodes;
    expect(buyerItems.map((node) => node.type)).not.toContain('PROPOSAL_EXPIRING');
  });
});
