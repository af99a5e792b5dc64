/**
 * The api killed with SIGKILL between a committed change and its delivery: after a restart every receiver gets
 * each event, exactly once once de-duplicated by its event id (the inbox and the deliveries are unique per event and
 * recipient in the database; a webhook resent after the crash carries the same X-VG-Event-Id).
 */
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../apps/api/src/database/data-source-options';
import { createTestDatabase } from '../../setup/test-database';
import { SEED_PASSWORD, seedBase } from '../../support/seed';
import { ApiProcess, buildApi, graphql, removeBuild, signIn, startApi } from '../faults/api-process';
import { eventually, startHookReceiver, startSmtpServer } from './receivers';

describe('delivery across a crash', () => {
  let build: string;
  let databaseUrl: string;
  let dataSource: DataSource;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let receiver: Awaited<ReturnType<typeof startHookReceiver>>;
  const apis: ApiProcess[] = [];

  beforeAll(async () => {
    build = buildApi();
    databaseUrl = await createTestDatabase();
    dataSource = new DataSource(dataSourceOptions(databaseUrl));
    await dataSource.initialize();
    await seedBase(dataSource);
    smtp = await startSmtpServer();
    // The receiver takes requests and never answers: the api is left waiting, mid-delivery.
    receiver = await startHookReceiver(() => 'hold');
  });
  afterAll(async () => {
    for (const api of apis) if (api.child.exitCode === null && api.child.signalCode === null) await api.stop();
    await receiver.close();
    await smtp.close();
    await dataSource.destroy();
    removeBuild(build);
  });

  const start = async () => {
    const api = await startApi(build, {
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtp.url,
      WEBHOOK_ALLOW_PRIVATE: 'true',
      OUTBOX_POLL_MS: '100',
      NOTIFICATION_RETRY_BASE_MS: '200',
    });
    apis.push(api);
    return api;
  };

  it('delivers what was committed before SIGKILL after the restart, once per receiver', async () => {
    const first = await start();
    const [admin, ownerA1, ownerA2, buyer] = await Promise.all(
      ['admin-a@vg.test', 'owner-a1@vg.test', 'owner-a2@vg.test', 'buyer1@vg.test'].map((email) =>
        signIn(first.url, email, SEED_PASSWORD),
      ),
    );
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    const registered = await graphql(
      first.url,
      'mutation ($input: RegisterWebhookInput!) { registerWebhook(input: $input) { endpoint { id } } }',
      { input: { url: receiver.url, eventTypes: ['PROPOSAL_MADE'] } },
      as(admin),
    );
    expect(registered.body.errors).toBeUndefined();
    for (const [token, processCode, unitPrice] of [
      [ownerA2, 'CUTTING', '2.50'],
      [ownerA1, 'SEWING', '12.00'],
    ]) {
      const listing = await graphql(
        first.url,
        'mutation ($input: CreateCapacityListingInput!) { createCapacityListing(input: $input) { id } }',
        {
          input: {
            processCode,
            unitsPerDay: 400,
            startDate: '2027-03-01',
            endDate: '2027-03-31',
            unitPrice,
            minOrderQuantity: 1,
          },
        },
        as(token),
      );
      expect(listing.body.errors).toBeUndefined();
    }
    const posted = await graphql(
      first.url,
      'mutation ($input: PostOrderInput!) { postOrder(input: $input) { order { id } } }',
      {
        input: {
          idempotencyKey: 'crash-order-01',
          product: 'T-shirt',
          quantity: 600,
          route: [
            { processCode: 'CUTTING', leadDays: 0, maxUnitPrice: '3.00' },
            { processCode: 'SEWING', leadDays: 0, maxUnitPrice: '15.00' },
          ],
          earliestStart: '2027-03-02',
          dueDate: '2027-03-25',
        },
      },
      as(buyer),
    );
    expect(posted.body.errors).toBeUndefined();

    // The change is committed and the api is sending it: kill it there.
    await eventually('a webhook request in flight', () => (receiver.hooks.length ? true : undefined));
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const pending = await dataSource.query(
      `SELECT event_id FROM notification_deliveries WHERE channel = 'WEBHOOK' AND status = 'PENDING'`,
    );
    expect(pending).toHaveLength(2);

    receiver.setAnswer(() => 200);
    await start();
    const deliveries: { event_id: string; channel: string; recipient: string; status: string }[] = await eventually(
      'every delivery made after the restart',
      async () => {
        const rows = await dataSource.query(
          `SELECT event_id, channel, recipient, status FROM notification_deliveries WHERE type = 'PROPOSAL_MADE'`,
        );
        return rows.length === 4 && rows.every((row: { status: string }) => row.status === 'DELIVERED')
          ? rows
          : undefined;
      },
      30_000,
    );
    // One row per event, channel and recipient: two proposals, each to its owner by email and to the webhook.
    expect(deliveries.map((row) => row.channel).sort()).toEqual(['EMAIL', 'EMAIL', 'WEBHOOK', 'WEBHOOK']);
    const eventIds = [...new Set(deliveries.map((row) => row.event_id))].sort();
    expect(eventIds).toHaveLength(2);

    // The webhook: at least once per event (the one in flight at the kill came again), once after de-duplication.
    const heard = receiver.hooks.map((hook) => String(hook.headers['x-vg-event-id']));
    expect([...new Set(heard)].sort()).toEqual(eventIds);
    expect(heard.length).toBeGreaterThan(eventIds.length);
    // The mail: one Message-ID per event and owner.
    const proposalMails = smtp.mails.filter((mail) => /New proposal/.test(mail.headers.subject ?? ''));
    const mailIds = new Set(proposalMails.map((mail) => mail.headers['message-id']));
    expect(mailIds.size).toBe(2);
    expect(new Set(proposalMails.map((mail) => mail.headers['x-vg-event-id'])).size).toBe(2);
    // The inbox: one item per owner and event, however often it was relayed.
    const inbox: { user_id: string; items: number }[] = await dataSource.query(
      `SELECT user_id, COUNT(*)::int AS items FROM notifications WHERE type = 'PROPOSAL_MADE' GROUP BY user_id`,
    );
    expect(inbox.map((row) => row.items)).toEqual([1, 1]);
    const [{ unrelayed }] = await dataSource.query(
      'SELECT COUNT(*)::int AS unrelayed FROM event_outbox WHERE relayed_at IS NULL',
    );
    expect(unrelayed).toBe(0);
  }, 240_000);
});
