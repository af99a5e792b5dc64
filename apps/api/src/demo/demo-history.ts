import { addDays } from '@vg/core';
import { HUANGYAN_2022_SCHEME_ID } from '@vg/evaluation';
import { DemoCast } from './demo-cast';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-cluster-loader';

/** What the history left behind, for the log line and the tests. */
export interface DemoHistorySummary {
  ordersByStatus: Record<string, number>;
  stagesDelivered: number;
  groupIds: string[];
  roundIds: string[];
  replanJobId: string;
}

interface GraphqlAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

type Call = <T>(token: string | null, query: string, variables?: Record<string, unknown>) => Promise<T>;

/** The api's own GraphQL over loopback: the demo is one more client, refused what any client would be refused. */
function client(url: string): Call {
  return async <T>(token: string | null, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'apollo-require-preflight': 'true',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const answer = (await response.json()) as GraphqlAnswer<T>;
    if (answer.errors?.length || !answer.data) {
      const [first] = answer.errors ?? [];
      throw new Error(
        `demo history: ${query.trim().split(/[({]/)[0]} failed: ${first?.extensions?.code ?? response.status} ` +
          `${first?.message ?? ''} (${first?.extensions?.field ?? '-'})`,
      );
    }
    return answer.data;
  };
}

const POST_ORDER = `mutation ($input: PostOrderInput!) {
  postOrder(input: $input) { order { id status } quote { feasible assignments { firmId } } }
}`;
const PROPOSALS = `query ($filter: ProposalFilterInput) {
  proposals(first: 100, filter: $filter) { nodes { id units firstDay lastDay days { date units } } }
}`;
const ACCEPT = `mutation ($id: ID!) {
  acceptProposal(id: $id) { __typename ... on InsufficientCapacity { proposalId requested available } }
}`;
const DELIVER = 'mutation ($input: DeliverStageInput!) { deliverStage(input: $input) { id } }';
const PROGRESS = 'mutation ($input: ReportProgressInput!) { reportProgress(input: $input) { id } }';

interface Proposal {
  id: string;
  units: number;
  firstDay: string;
  lastDay: string;
  days: { date: string; units: number }[];
}

/** How one order of the history ends. */
type Ending = 'CLOSED' | 'DELIVERED' | 'IN_PRODUCTION' | 'CONFIRMED' | 'PLANNED' | 'OPEN' | 'CANCELLED';

interface OrderPlan {
  key: string;
  product: string;
  quantity: number;
  earliestStart: string;
  dueDate: string;
  ending: Ending;
  /** Stage deliveries one day late (the first stage) and defect rates vary with the order, from its index. */
  index: number;
  groupId: string | null;
}

const PRODUCTS = ['女式羽绒服', '羽绒马甲', '男式夹克', '针织开衫', '儿童羽绒服', '休闲西装'];

/**
 * A year of platform life, played through the api's own GraphQL operations as the buyer, the cast firms' owners and
 * the park admin: two virtual groups, about two orders a month for the past eleven months (delivered stage by stage,
 * some a day late, some with defects, most closed), orders in every other state today, class policies, the last two
 * years' evaluation rounds computed, put on a short notice and published, and a re-plan job. Every rule and every
 * table is the libs' own; the same cast and the same day give the same history.
 */
export async function playDemoHistory(url: string, cast: DemoCast, today: string): Promise<DemoHistorySummary> {
  const call = client(url);
  const login = async (email: string) =>
    (
      await call<{ login: { accessToken: string } }>(
        null,
        'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
        { input: { email, password: DEMO_PASSWORD } },
      )
    ).login.accessToken;
  // Owners sign in when matching first offers their firm work: a password check costs (argon2) what it should.
  const ownerEmails = new Map(cast.firms.map((firm) => [firm.firmId, firm.ownerEmail]));
  const ownerTokens = new Map<string, Promise<string>>();
  const ownerOf = (firmId: string): Promise<string> => {
    const email = ownerEmails.get(firmId);
    if (!email) throw new Error(`demo history: matching chose firm ${firmId}, which is not in the demo's cast`);
    if (!ownerTokens.has(firmId)) ownerTokens.set(firmId, login(email));
    return ownerTokens.get(firmId)!;
  };
  // The cast's own owners will be needed: their password checks run side by side with the admin's and the buyer's.
  const castFirmIds = [...new Set(cast.listings.map((listing) => listing.firmId))];
  const [admin, buyer] = await Promise.all([
    login(DEMO_USERS.parkAdmin),
    login(DEMO_USERS.buyer),
    ...castFirmIds.map((firmId) => ownerOf(firmId)),
  ]);

  const groupIds = await formGroups(call, admin, cast, today);
  const plans = orderPlans(today, groupIds);
  const ordersByStatus: Record<string, number> = {};
  let stagesDelivered = 0;
  for (const plan of plans) {
    const delivered = await playOrder(call, { buyer, ownerOf, cast, today }, plan);
    stagesDelivered += delivered;
    ordersByStatus[plan.ending] = (ordersByStatus[plan.ending] ?? 0) + 1;
  }
  const roundIds = await publishRounds(call, admin, cast);
  const replanJobId = (await call<{ startReplan: { id: string } }>(admin, 'mutation { startReplan { id } }'))
    .startReplan.id;
  return { ordersByStatus, stagesDelivered, groupIds, roundIds, replanJobId };
}

async function formGroups(call: Call, admin: string, cast: DemoCast, today: string): Promise<string[]> {
  const joinedOn = addDays(today, -400);
  const ids: string[] = [];
  for (const [index, group] of cast.groups.entries()) {
    const formed = await call<{ formVirtualGroup: { id: string } }>(
      admin,
      'mutation ($input: FormVirtualGroupInput!) { formVirtualGroup(input: $input) { id } }',
      {
        input: {
          name: group.name,
          productLine: group.productLine,
          stageProcesses: cast.route.map((stage) => stage.processCode),
          leadFirmId: group.members[0].firmId,
          members: group.members.map((member) => ({
            firmId: member.firmId,
            stageProcess: member.processCode,
            joinedOn: addDays(joinedOn, index * 7),
          })),
        },
      },
    );
    ids.push(formed.formVirtualGroup.id);
  }
  return ids;
}

/** Two orders a month for the past eleven months, then one order in each state a live platform has today. */
function orderPlans(today: string, groupIds: string[]): OrderPlan[] {
  const plans: OrderPlan[] = [];
  const firstOfMonth = `${today.slice(0, 7)}-01`;
  for (let monthsAgo = 11; monthsAgo >= 1; monthsAgo--) {
    const monthStart = addMonths(firstOfMonth, -monthsAgo);
    for (let second = 0; second < 2; second++) {
      const index = plans.length;
      const earliestStart = addDays(monthStart, 2 + second * 9);
      plans.push({
        key: `demo-history-${monthStart.slice(0, 7)}-${second + 1}`,
        product: PRODUCTS[index % PRODUCTS.length],
        quantity: 12_000 + ((index * 137) % 9) * 1_000,
        earliestStart,
        dueDate: addDays(earliestStart, 16),
        ending: monthsAgo === 6 && second === 1 ? 'CANCELLED' : 'CLOSED',
        index,
        groupId: index % 3 === 0 ? groupIds[(index / 3) % groupIds.length] : null,
      });
    }
  }
  const current: [Ending, number, number, number][] = [
    // ending, start (days from today), days to due, quantity. The delivered one, not closed yet by the buyer, is
    // delivered today and on time: the history's orders are recorded delivered today, after their due dates.
    ['DELIVERED', -14, 16, 6_000],
    ['IN_PRODUCTION', -3, 16, 8_000],
    ['CONFIRMED', 2, 16, 7_000],
    ['CONFIRMED', 6, 18, 9_000],
    ['PLANNED', 4, 18, 6_000],
    ['OPEN', 3, 6, 500_000],
    ['CANCELLED', 5, 16, 5_000],
  ];
  for (const [ending, start, days, quantity] of current) {
    const index = plans.length;
    plans.push({
      key: `demo-current-${index}`,
      product: PRODUCTS[index % PRODUCTS.length],
      quantity,
      earliestStart: addDays(today, start),
      dueDate: addDays(today, start + days),
      ending,
      index,
      groupId: ending === 'CONFIRMED' && start === 2 ? groupIds[0] : null,
    });
  }
  return plans;
}

interface Actors {
  buyer: string;
  ownerOf: (firmId: string) => Promise<string>;
  cast: DemoCast;
  today: string;
}

/** Posts one order and moves it to its ending: returns the number of stages delivered. */
async function playOrder(call: Call, actors: Actors, plan: OrderPlan): Promise<number> {
  const { buyer, ownerOf, cast } = actors;
  const posted = (
    await call<{
      postOrder: { order: { id: string }; quote: { feasible: boolean; assignments: { firmId: string }[] } };
    }>(buyer, POST_ORDER, {
      input: {
        idempotencyKey: plan.key,
        product: plan.product,
        quantity: plan.quantity,
        route: cast.route,
        earliestStart: plan.earliestStart,
        dueDate: plan.dueDate,
        preferredParkId: cast.parkId,
        preferredGroupId: plan.groupId,
      },
    })
  ).postOrder;
  const orderId = posted.order.id;
  const feasible = posted.quote.feasible;
  if (plan.ending === 'OPEN') {
    if (feasible) throw new Error(`demo history: ${plan.key} was meant to fall short and did not`);
    return 0;
  }
  if (!feasible) throw new Error(`demo history: ${plan.key} found no plan`);
  if (plan.ending === 'CANCELLED') {
    await call(buyer, 'mutation ($id: ID!) { cancelOrder(id: $id) { id } }', { id: orderId });
    return 0;
  }
  if (plan.ending === 'PLANNED') return 0;

  const firms = [...new Set(posted.quote.assignments.map((assignment) => assignment.firmId))];
  const proposalsByFirm = new Map<string, Proposal[]>();
  for (const firmId of firms) {
    const token = await ownerOf(firmId);
    const { proposals } = await call<{ proposals: { nodes: Proposal[] } }>(token, PROPOSALS, {
      filter: { orderId, status: 'PROPOSED' },
    });
    proposalsByFirm.set(firmId, proposals.nodes);
    for (const proposal of proposals.nodes) {
      const { acceptProposal } = await call<{ acceptProposal: { __typename: string } }>(token, ACCEPT, {
        id: proposal.id,
      });
      if (acceptProposal.__typename !== 'ProposalAccepted') {
        throw new Error(`demo history: ${plan.key} could not book ${proposal.id}: ${JSON.stringify(acceptProposal)}`);
      }
    }
  }
  if (plan.ending === 'CONFIRMED') return 0;
  if (plan.ending === 'IN_PRODUCTION') {
    const [firmId, [proposal]] = [...proposalsByFirm.entries()].find(([, proposals]) =>
      proposals.some((candidate) => candidate.firstDay <= actors.today),
    ) ?? [firms[0], proposalsByFirm.get(firms[0])!];
    const [day] = proposal.days;
    await call(await ownerOf(firmId), PROGRESS, {
      input: { proposalId: proposal.id, date: day.date, unitsDone: day.units, defectUnits: 0 },
    });
    return 0;
  }
  let delivered = 0;
  for (const [firmId, proposals] of proposalsByFirm) {
    for (const proposal of proposals) {
      // Every fourth order's first stage comes a day late; defects run from none to about 1.5 %.
      const late = plan.index % 4 === 1 && delivered === 0;
      await call(await ownerOf(firmId), DELIVER, {
        input: {
          proposalId: proposal.id,
          deliveredOn: minDay(late ? addDays(proposal.lastDay, 1) : proposal.lastDay, actors.today),
          unitsDelivered: proposal.units,
          defectUnits: Math.floor((proposal.units * ((plan.index * 7 + delivered * 3) % 16)) / 1000),
        },
      });
      delivered++;
    }
  }
  if (plan.ending === 'CLOSED') {
    await call(buyer, 'mutation ($id: ID!) { closeOrder(id: $id) { id } }', { id: orderId });
  }
  return delivered;
}

/** The park's class policies, then the last two complete years' rounds: computed, a short notice, published. */
async function publishRounds(call: Call, admin: string, cast: DemoCast): Promise<string[]> {
  for (const input of cast.policies) {
    await call(admin, 'mutation ($input: CreateClassPolicyInput!) { createClassPolicy(input: $input) { id } }', {
      input,
    });
  }
  const ids: string[] = [];
  for (const year of cast.roundYears) {
    const { createEvaluationRound } = await call<{ createEvaluationRound: { id: string } }>(
      admin,
      'mutation ($input: CreateEvaluationRoundInput!) { createEvaluationRound(input: $input) { id } }',
      { input: { year, schemeId: HUANGYAN_2022_SCHEME_ID } },
    );
    await call(admin, 'mutation ($id: ID!) { computeEvaluationRound(id: $id) { id } }', {
      id: createEvaluationRound.id,
    });
    ids.push(createEvaluationRound.id);
  }
  // The notice must end in the future when it starts and be over when publishing: one short real window for both.
  const endsAt = new Date(Date.now() + NOTICE_MS);
  for (const id of ids) {
    await call(
      admin,
      'mutation ($id: ID!, $endsAt: DateTime!) { startEvaluationNotice(id: $id, endsAt: $endsAt) { id } }',
      {
        id,
        endsAt: endsAt.toISOString(),
      },
    );
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, endsAt.getTime() - Date.now()) + 50));
  for (const id of ids) {
    await call(admin, 'mutation ($id: ID!) { publishEvaluationRound(id: $id) { id } }', { id });
  }
  return ids;
}

const NOTICE_MS = 1_000;

const minDay = (a: string, b: string) => (a < b ? a : b);

function addMonths(firstOfMonth: string, months: number): string {
  const index = Number(firstOfMonth.slice(0, 4)) * 12 + Number(firstOfMonth.slice(5, 7)) - 1 + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}
