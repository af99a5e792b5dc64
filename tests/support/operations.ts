import { dataOf, TestApp } from './test-app';

/** One helper per operation, each sending the real GraphQL document (what a client would send). */
export const PROPOSAL_FIELDS =
  'id orderId stageSeq firmId units unitPrice cost firstDay lastDay status days { date units } explanation { total price summary }';
export const QUOTE_FIELDS = `feasible unitsPlanned totalCost completionDate
  assignments { stageSeq processCode firmId listingId units unitPrice cost firstDay lastDay days { date units } explanation { total price onTimeRecord samePark sameGroup summary } }
  shortfall { stageSeq processCode reason unitsShort earliestFeasibleDueDate message }`;

export interface ListingArgs {
  processCode: string;
  unitsPerDay: number;
  startDate: string;
  endDate: string;
  unitPrice: string;
  minOrderQuantity?: number;
  firmId?: string;
}

export async function createListing(app: TestApp, token: string, input: ListingArgs): Promise<{ id: string }> {
  const response = await app.gql<{ createCapacityListing: { id: string } }>(
    `mutation ($input: CreateCapacityListingInput!) { createCapacityListing(input: $input) { id } }`,
    { input: { minOrderQuantity: 1, ...input } },
    token,
  );
  return dataOf(response).createCapacityListing;
}

export interface OrderArgs {
  idempotencyKey: string;
  product?: string;
  quantity: number;
  route: { processCode: string; leadDays: number; maxUnitPrice: string }[];
  earliestStart: string;
  dueDate: string;
  preferredParkId?: string;
  preferredGroupId?: string;
}

export const POST_ORDER = `mutation ($input: PostOrderInput!) {
  postOrder(input: $input) { replayed order { id status quantity } quote { ${QUOTE_FIELDS} } }
}`;

export interface PostedOrder {
  replayed: boolean;
  order: { id: string; status: string; quantity: number };
  quote: {
    feasible: boolean;
    unitsPlanned: number;
    totalCost: string;
    completionDate: string | null;
    assignments: {
      stageSeq: number;
      firmId: string;
      units: number;
      cost: string;
      days: { date: string; units: number }[];
    }[];
    shortfall: { reason: string; unitsShort: number; earliestFeasibleDueDate: string | null; stageSeq: number } | null;
  };
}

export function postOrderRequest(app: TestApp, token: string, input: OrderArgs) {
  return app.gql<{ postOrder: PostedOrder }>(POST_ORDER, { input: { product: 'T-shirt', ...input } }, token);
}

export async function postOrder(app: TestApp, token: string, input: OrderArgs): Promise<PostedOrder> {
  return dataOf(await postOrderRequest(app, token, input)).postOrder;
}

export interface ProposalView {
  id: string;
  orderId: string;
  stageSeq: number;
  firmId: string;
  units: number;
  status: string;
  firstDay: string;
  lastDay: string;
  days: { date: string; units: number }[];
}

export async function proposalsOf(
  app: TestApp,
  token: string,
  orderId: string,
  status?: string,
): Promise<ProposalView[]> {
  const response = await app.gql<{ proposals: { nodes: ProposalView[] } }>(
    `query ($filter: ProposalFilterInput) { proposals(first: 100, filter: $filter) { nodes { ${PROPOSAL_FIELDS} } } }`,
    { filter: { orderId, ...(status ? { status } : {}) } },
    token,
  );
  return dataOf(response).proposals.nodes;
}

export const ACCEPT = `mutation ($id: ID!) {
  acceptProposal(id: $id) {
    __typename
    ... on ProposalAccepted { proposal { id status } order { id status } }
    ... on InsufficientCapacity { proposalId requested available }
  }
}`;

export type AcceptAnswer =
  | { __typename: 'ProposalAccepted'; proposal: { id: string; status: string }; order: { id: string; status: string } }
  | { __typename: 'InsufficientCapacity'; proposalId: string; requested: number; available: number };

export function acceptRequest(app: TestApp, token: string, id: string) {
  return app.gql<{ acceptProposal: AcceptAnswer }>(ACCEPT, { id }, token);
}

export async function orderStatus(app: TestApp, token: string, id: string): Promise<string> {
  const response = await app.gql<{ order: { status: string } }>(
    'query ($id: ID!) { order(id: $id) { status } }',
    { id },
    token,
  );
  return dataOf(response).order.status;
}
