/**
 * Notifications end to end on a real PostgreSQL: an owner gets an inbox item and an email (through a real SMTP
 * server started here) for a proposal, a park's webhook reaches a local HTTP receiver signed with its secret and is
 * retried after a failure, preferences turn a channel off, an invitation is mailed instead of returned, and nobody
 * reaches another user's inbox.
 */
import { createHmac } from 'node:crypto';
import { acceptRequest, createListing, postOrder, proposalsOf } from '../../support/operations';
import { IDS, loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, errorCode, startTestApp, TestApp } from '../../support/test-app';
import { subscribe, Subscriber } from '../subscriptions/subscription-client';
import { eventually, ReceivedMail, startHookReceiver, startSmtpServer } from './receivers';

const NOTIFICATIONS = `query ($after: String) {
  notifications(first: 2, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id eventId type title subjectId payloadJson readAt }
  }
}`;

interface InboxItem {
  id: string;
  eventId: string;
  type: string;
  title: string;
  subjectId: string;
  payloadJson: string;
  readAt: string | null;
}

const ROUTE = [
  { processCode: 'CUTTING', leadDays: 0, maxUnitPrice: '3.00' },
  { processCode: 'SEWING', leadDays: 0, maxUnitPrice: '15.00' },
];

describe('notifications', () => {
  let app: TestApp;
  let tokens: Tokens;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let receiver: Awaited<ReturnType<typeof startHookReceiver>>;
  let webhookSecret: string;
  let orderId: string;
  const live: Record<'ownerA1' | 'ownerA2', Subscriber<{ type: string; subjectId: string }>> = {} as never;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    // The first delivery fails: the dispatcher must retry it.
    receiver = await startHookReceiver((_hook, index) => (index === 0 ? 503 : 200));
    app = await startTestApp({ SMTP_URL: smtp.url, NOTIFICATION_RETRY_BASE_MS: '200', OUTBOX_POLL_MS: '100' });
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    for (const who of ['ownerA1', 'ownerA2'] as const) {
      live[who] = subscribe(app.url, tokens[who], 'subscription { notificationReceived { type subjectId } }');
    }
  });
  afterAll(async () => {
    for (const subscriber of Object.values(live)) await subscriber.close();
    await app.close();
    await receiver.close();
    await smtp.close();
  });

  async function inbox(token: string, after?: string) {
    return dataOf(
      await app.gql<{
        notifications: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          nodes: InboxItem[];
        };
      }>(NOTIFICATIONS, { after }, token),
    ).notifications;
  }

  const mailsTo = (address: string, subject: RegExp): ReceivedMail[] =>
    smtp.mails.filter((mail) => mail.to.includes(address) && subject.test(mail.headers.subject ?? ''));

  it('a park admin registers a webhook and sees its secret once', async () => {
    const registered = dataOf(
      await app.gql<{ registerWebhook: { secret: string; endpoint: { id: string; scope: string } } }>(
        `mutation ($input: RegisterWebhookInput!) {
           registerWebhook(input: $input) { secret endpoint { id scope url eventTypes } }
         }`,
        { input: { url: receiver.url, eventTypes: ['PROPOSAL_MADE', 'ORDER_CONFIRMED'] } },
        tokens.parkAdminA,
      ),
    ).registerWebhook;
    expect(registered.endpoint.scope).toBe('PARK_ADMIN');
    expect(registered.secret).toMatch(/^[\w-]{43}$/);
    webhookSecret = registered.secret;
    const listed = dataOf(
      await app.gql<{ webhooks: Record<string, unknown>[] }>('{ webhooks { id url } }', {}, tokens.parkAdminA),
    ).webhooks;
    expect(listed).toEqual([{ id: registered.endpoint.id, url: receiver.url }]);
    // Another park's admin does not see it and cannot remove it.
    expect(
      dataOf(await app.gql<{ webhooks: unknown[] }>('{ webhooks { id } }', {}, tokens.parkAdminB)).webhooks,
    ).toEqual([]);
    expect(
      errorCode(
        await app.gql(
          'mutation ($id: ID!) { removeWebhook(id: $id) }',
          { id: registered.endpoint.id },
          tokens.parkAdminB,
        ),
      ),
    ).toBe('NOT_FOUND');
  });

  it('an owner gets an inbox item and an email for a proposal; the webhook is signed and retried', async () => {
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
    // A mutation that fails inside its transaction leaves nothing in the outbox.
    const [{ before }] = await app.dataSource.query('SELECT COUNT(*)::int AS before FROM event_outbox');
    const refused = await app.gql(
      'mutation ($input: PostOrderInput!) { postOrder(input: $input) { order { id } } }',
      {
        input: {
          idempotencyKey: 'notify-order-refused',
          product: 'T-shirt',
          quantity: 600,
          route: [ROUTE[0], { processCode: 'NOT_A_PROCESS', leadDays: 0, maxUnitPrice: '15.00' }],
          earliestStart: '2027-03-02',
          dueDate: '2027-03-25',
        },
      },
      tokens.buyer1,
    );
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    const [{ after }] = await app.dataSource.query('SELECT COUNT(*)::int AS after FROM event_outbox');
    expect(after).toBe(before);

    orderId = (
      await postOrder(app, tokens.buyer1, {
        idempotencyKey: 'notify-order-01',
        quantity: 600,
        route: ROUTE,
        earliestStart: '2027-03-02',
        dueDate: '2027-03-25',
      })
    ).order.id;
    const [sewing] = await proposalsOf(app, tokens.ownerA1, orderId);

    const item = await eventually('owner A1’s inbox item', async () =>
      (await inbox(tokens.ownerA1)).nodes.find((node) => node.type === 'PROPOSAL_MADE'),
    );
    expect(item).toMatchObject({ subjectId: sewing.id, readAt: null });
    expect(item.title).toMatch(/^New proposal: \d+ units for stage 2/);
    expect(JSON.parse(item.payloadJson)).toMatchObject({ orderId, proposalId: sewing.id });
    expect(
      dataOf(await app.gql<{ unreadNotificationCount: number }>('{ unreadNotificationCount }', {}, tokens.ownerA1))
        .unreadNotificationCount,
    ).toBe(1);

    // Pushed live to its owner only.
    expect(await live.ownerA1.waitFor((pushed) => pushed.type === 'PROPOSAL_MADE', 10_000)).toEqual({
      type: 'PROPOSAL_MADE',
      subjectId: sewing.id,
    });
    const [cutting] = await proposalsOf(app, tokens.ownerA2, orderId);
    await live.ownerA2.waitFor((pushed) => pushed.type === 'PROPOSAL_MADE', 10_000);
    expect(live.ownerA2.received).toEqual([{ type: 'PROPOSAL_MADE', subjectId: cutting.id }]);
    // Its "expires in 4 h" reminder is scheduled from the proposal's answer time.
    const [reminder] = await app.dataSource.query(
      'SELECT due_at AS "dueAt" FROM notification_reminders WHERE proposal_id = $1',
      [sewing.id],
    );
    expect(new Date(JSON.parse(item.payloadJson).expiresAt).getTime() - reminder.dueAt.getTime()).toBe(4 * 3_600_000);

    const [mail] = await eventually('the proposal email', () => {
      const found = mailsTo('owner-a1@vg.test', /New proposal/);
      return found.length ? found : undefined;
    });
    expect(mail.headers['x-vg-event-id']).toBe(item.eventId);
    expect(mail.text).toContain(`proposalId: ${sewing.id}`);

    // Both proposals of park A reach its webhook; the first attempt was answered 503 and is retried.
    const delivered = await eventually('both proposals at the webhook', () => {
      const ok = receiver.hooks.slice(1).filter((hook) => hook.headers['x-vg-event-type'] === 'PROPOSAL_MADE');
      return new Set(ok.map((hook) => hook.headers['x-vg-event-id'])).size === 2 ? ok : undefined;
    });
    expect(receiver.hooks[0].headers['x-vg-event-id']).toBeDefined();
    expect(receiver.hooks.map((hook) => hook.headers['x-vg-event-id'])).toContain(
      receiver.hooks[0].headers['x-vg-event-id'],
    );
    for (const hook of delivered) {
      const timestamp = String(hook.headers['x-vg-timestamp']);
      const expected = `sha256=${createHmac('sha256', webhookSecret).update(`${timestamp}.${hook.body}`).digest('hex')}`;
      expect(hook.headers['x-vg-signature']).toBe(expected);
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
      const body = JSON.parse(hook.body) as { id: string; type: string; payload: Record<string, unknown> };
      expect(body).toMatchObject({ id: hook.headers['x-vg-event-id'], type: 'PROPOSAL_MADE', payload: { orderId } });
    }
    const wrongSecret = createHmac('sha256', 'not-the-secret').update(delivered[0].body).digest('hex');
    expect(delivered[0].headers['x-vg-signature']).not.toBe(`sha256=${wrongSecret}`);
    const [retried] = await app.dataSource.query(
      `SELECT status, attempts FROM notification_deliveries WHERE event_id = $1 AND channel = 'WEBHOOK'`,
      [receiver.hooks[0].headers['x-vg-event-id']],
    );
    expect(retried).toEqual({ status: 'DELIVERED', attempts: 2 });
  });

  it('nobody reaches another user’s inbox; marking read is one’s own', async () => {
    const [own] = (await inbox(tokens.ownerA1)).nodes;
    expect(
      errorCode(
        await app.gql('mutation ($id: ID!) { markNotificationRead(id: $id) { id } }', { id: own.id }, tokens.ownerA2),
      ),
    ).toBe('NOT_FOUND');
    expect((await inbox(tokens.ownerB1)).totalCount).toBe(0);
    const read = dataOf(
      await app.gql<{ markNotificationRead: { readAt: string | null } }>(
        'mutation ($id: ID!) { markNotificationRead(id: $id) { readAt } }',
        { id: own.id },
        tokens.ownerA1,
      ),
    ).markNotificationRead;
    expect(read.readAt).not.toBeNull();
    expect(
      dataOf(await app.gql<{ unreadNotificationCount: number }>('{ unreadNotificationCount }', {}, tokens.ownerA1))
        .unreadNotificationCount,
    ).toBe(0);
  });

  it('a channel turned off is not used; the confirmation reaches the others', async () => {
    const chosen = dataOf(
      await app.gql<{ setNotificationPreference: { enabled: boolean; isDefault: boolean } }>(
        `mutation ($input: SetNotificationPreferenceInput!) { setNotificationPreference(input: $input) { enabled isDefault } }`,
        { input: { type: 'ORDER_CONFIRMED', channel: 'EMAIL', enabled: false } },
        tokens.ownerA1,
      ),
    ).setNotificationPreference;
    expect(chosen).toEqual({ enabled: false, isDefault: false });
    for (const [token, owner] of [
      [tokens.ownerA2, tokens.ownerA2],
      [tokens.ownerA1, tokens.ownerA1],
    ]) {
      for (const proposal of await proposalsOf(app, token, orderId))
        dataOf(await acceptRequest(app, owner, proposal.id));
    }
    await eventually('the buyer’s and owner A2’s confirmation emails', () =>
      mailsTo('buyer1@vg.test', /Order confirmed/).length && mailsTo('owner-a2@vg.test', /Order confirmed/).length
        ? true
        : undefined,
    );
    // Answered proposals lose their reminder.
    const reminders = await app.dataSource.query(
      'SELECT cancelled_at IS NOT NULL AS cancelled FROM notification_reminders ORDER BY proposal_id',
    );
    expect(reminders).toEqual([{ cancelled: true }, { cancelled: true }]);
    const confirmed = await eventually('owner A1’s confirmation in the inbox', async () =>
      (await inbox(tokens.ownerA1)).nodes.find((node) => node.type === 'ORDER_CONFIRMED'),
    );
    // Every delivery of that event is written in one relay step: none for A1's email exists.
    const emails = await app.dataSource.query(
      `SELECT recipient FROM notification_deliveries WHERE event_id = $1 AND channel = 'EMAIL' ORDER BY recipient`,
      [confirmed.eventId],
    );
    expect(emails).toHaveLength(2);
    expect(mailsTo('owner-a1@vg.test', /Order confirmed/)).toEqual([]);
  });

  it('pages the inbox newest first and marks all read', async () => {
    // The buyer heard of both acceptances and of the confirmation, in that order.
    const first = await inbox(tokens.buyer1);
    expect(first.totalCount).toBe(3);
    expect(first.nodes.map((node) => node.type)).toEqual(['ORDER_CONFIRMED', 'PROPOSAL_ACCEPTED']);
    const second = await inbox(tokens.buyer1, first.pageInfo.endCursor!);
    expect(second.nodes.map((node) => node.type)).toEqual(['PROPOSAL_ACCEPTED']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(new Set([...first.nodes, ...second.nodes].map((node) => node.id)).size).toBe(3);
    const marked = dataOf(
      await app.gql<{ markAllNotificationsRead: number }>('mutation { markAllNotificationsRead }', {}, tokens.buyer1),
    ).markAllNotificationsRead;
    expect(marked).toBe(3);
    expect(
      dataOf(await app.gql<{ unreadNotificationCount: number }>('{ unreadNotificationCount }', {}, tokens.buyer1))
        .unreadNotificationCount,
    ).toBe(0);
  });

  it('an invitation is mailed to the owner, not returned, and its token works', async () => {
    const invited = dataOf(
      await app.gql<{ inviteSmeOwner: { token: string | null; email: string } }>(
        'mutation ($input: InviteSmeOwnerInput!) { inviteSmeOwner(input: $input) { token email } }',
        { input: { firmId: IDS.firmA2, email: 'second-owner@vg.test' } },
        tokens.parkAdminA,
      ),
    ).inviteSmeOwner;
    expect(invited).toEqual({ token: null, email: 'second-owner@vg.test' });
    const [mail] = await eventually('the invitation email', () => {
      const found = mailsTo('second-owner@vg.test', /invited/);
      return found.length ? found : undefined;
    });
    const token = /invitation token \(valid until [^)]+\): (\S+)/.exec(mail.text)?.[1];
    expect(token).toBeDefined();
    const accepted = dataOf(
      await app.gql<{ acceptInvitation: { user: { role: string; firmId: string } } }>(
        'mutation ($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { user { role firmId } } }',
        { input: { token, password: 'owner-password-2', displayName: 'Second owner' } },
      ),
    ).acceptInvitation;
    expect(accepted.user).toEqual({ role: 'SME_OWNER', firmId: IDS.firmA2 });
    // Once relayed and sent, the token is kept nowhere: not in the outbox, not in the delivery.
    await eventually('the invitation delivery recorded', async () => {
      const [row] = await app.dataSource.query(
        `SELECT status FROM notification_deliveries WHERE type = 'INVITATION_SENT' AND status = 'DELIVERED'`,
      );
      return row;
    });
    const [{ kept }] = await app.dataSource.query(
      `SELECT (SELECT COUNT(*) FROM event_outbox WHERE event::text LIKE '%' || $1 || '%')
            + (SELECT COUNT(*) FROM notification_deliveries WHERE message::text LIKE '%' || $1 || '%') AS kept`,
      [token],
    );
    expect(Number(kept)).toBe(0);
  });
});
