import { addDays, todayInChina } from '@vg/core';
import { createListing, postOrder, proposalsOf, acceptRequest, PROPOSAL_FIELDS } from '../../support/operations';
import { IDS, Tokens } from '../../support/seed';
import { dataOf, TestApp } from '../../support/test-app';
import { AFTER_THE_WORK, setToday } from '../../support/clock';

export const ROUTE = [
  { processCode: 'CUTTING', leadDays: 1, maxUnitPrice: '3.00' },
  { processCode: 'SEWING', leadDays: 0, maxUnitPrice: '15.00' },
];

export interface OrderActivity {
  today: string;
  delivered: string;
  confirmed: string;
  planned: string;
  cancelled: string;
}

/**
 * Real order activity in park A over the API, from today on: capacity listed by two firms (and one in park B), one
 * order delivered (one stage late), one confirmed, one only planned, one cancelled.
 */
export async function createOrderActivity(app: TestApp, tokens: Tokens): Promise<OrderActivity> {
  setToday(app, AFTER_THE_WORK);
  const today = todayInChina();
  const window = { startDate: today, endDate: addDays(today, 30), minOrderQuantity: 1 };
  await createListing(app, tokens.ownerA2, { ...window, processCode: 'CUTTING', unitsPerDay: 500, unitPrice: '2.50' });
  await createListing(app, tokens.ownerA1, { ...window, processCode: 'SEWING', unitsPerDay: 300, unitPrice: '12.00' });
  await createListing(app, tokens.ownerB1, { ...window, processCode: 'SEWING', unitsPerDay: 999, unitPrice: '30.00' });

  const order = (key: string, quantity: number) =>
    postOrder(app, tokens.buyer1, {
      idempotencyKey: key,
      product: '女式羽绒服',
      quantity,
      route: ROUTE,
      earliestStart: addDays(today, 1),
      dueDate: addDays(today, 25),
      preferredParkId: IDS.parkA,
    });
  const acceptAll = async (orderId: string) => {
    for (const token of [tokens.ownerA2, tokens.ownerA1]) {
      for (const proposal of await proposalsOf(app, token, orderId, 'PROPOSED')) {
        dataOf(await acceptRequest(app, token, proposal.id));
      }
    }
  };

  const delivered = await order('cockpit-delivered', 600);
  await acceptAll(delivered.order.id);
  for (const [token, late] of [
    [tokens.ownerA2, false],
    [tokens.ownerA1, true],
  ] as const) {
    for (const proposal of await proposalsOf(app, token, delivered.order.id, 'ACCEPTED')) {
      dataOf(
        await app.gql(
          `mutation ($input: DeliverStageInput!) { deliverStage(input: $input) { ${PROPOSAL_FIELDS} } }`,
          {
            input: {
              proposalId: proposal.id,
              deliveredOn: late ? addDays(proposal.lastDay, 1) : proposal.lastDay,
              unitsDelivered: proposal.units,
              defectUnits: 0,
            },
          },
          token,
        ),
      );
    }
  }
  const confirmed = await order('cockpit-confirmed', 300);
  await acceptAll(confirmed.order.id);
  const planned = await order('cockpit-planned', 200);
  const cancelled = await order('cockpit-cancelled', 100);
  dataOf(
    await app.gql('mutation ($id: ID!) { cancelOrder(id: $id) { status } }', { id: cancelled.order.id }, tokens.buyer1),
  );
  return {
    today,
    delivered: delivered.order.id,
    confirmed: confirmed.order.id,
    planned: planned.order.id,
    cancelled: cancelled.order.id,
  };
}

/**
 * A delivered order in a past month (listings, order and deliveries dated then), so the park has platform output
 * inside the cockpit's output window. Returns the order id.
 */
export async function deliverPastOrder(app: TestApp, tokens: Tokens, firstDay: string, key: string): Promise<string> {
  setToday(app, AFTER_THE_WORK);
  const window = { startDate: firstDay, endDate: addDays(firstDay, 20), minOrderQuantity: 1 };
  await createListing(app, tokens.ownerA2, { ...window, processCode: 'CUTTING', unitsPerDay: 400, unitPrice: '2.80' });
  await createListing(app, tokens.ownerA1, { ...window, processCode: 'SEWING', unitsPerDay: 400, unitPrice: '13.50' });
  const posted = await postOrder(app, tokens.buyer2, {
    idempotencyKey: key,
    product: '羽绒马甲',
    quantity: 1200,
    route: ROUTE,
    earliestStart: firstDay,
    dueDate: addDays(firstDay, 18),
    preferredParkId: IDS.parkA,
  });
  if (!posted.quote.feasible) throw new Error(`past order not feasible: ${JSON.stringify(posted.quote.shortfall)}`);
  for (const token of [tokens.ownerA2, tokens.ownerA1]) {
    for (const proposal of await proposalsOf(app, token, posted.order.id, 'PROPOSED')) {
      dataOf(await acceptRequest(app, token, proposal.id));
    }
  }
  for (const token of [tokens.ownerA2, tokens.ownerA1]) {
    for (const proposal of await proposalsOf(app, token, posted.order.id, 'ACCEPTED')) {
      dataOf(
        await app.gql(
          `mutation ($input: DeliverStageInput!) { deliverStage(input: $input) { ${PROPOSAL_FIELDS} } }`,
          {
            input: {
              proposalId: proposal.id,
              deliveredOn: proposal.lastDay,
              unitsDelivered: proposal.units,
              defectUnits: 1,
            },
          },
          token,
        ),
      );
    }
  }
  return posted.order.id;
}
