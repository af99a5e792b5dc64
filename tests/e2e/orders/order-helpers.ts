/**
 * Helpers shared by the order, matching and capacity e2e files (not a spec: jest does not run it on its own).
 */
import { DataSource } from 'typeorm';
import { IDS } from '../../support/seed';
import { dataOf, GraphqlResponse, TestApp } from '../../support/test-app';
import { uniqueUscc } from '../../support/unique';

/** A fourth firm, a cutter in park A without a user: only admins list its capacity. */
export const FIRM_A3 = '00000000-0000-4000-8000-0000000000a3';

export async function addCutterA3(dataSource: DataSource): Promise<void> {
  await dataSource.query(
    `INSERT INTO firms (id, park_id, uscc, name, industry_code, industry_group, employees, address, joined_on)
     VALUES ($1, $2, $3, '杭州丁裁剪有限公司', '18', '纺织服装', 25, '临平区某路3号', '2024-05-01')`,
    [FIRM_A3, IDS.parkA, uniqueUscc()],
  );
  await dataSource.query(`INSERT INTO firm_processes (firm_id, park_id, process_code) VALUES ($1, $2, 'CUTTING')`, [
    FIRM_A3,
    IDS.parkA,
  ]);
}

export const FULL_PROPOSAL_FIELDS =
  'id orderId stageSeq processCode firmId listingId units status origin declineReason firstDay lastDay days { date units }';

export interface FullProposal {
  id: string;
  orderId: string;
  stageSeq: number;
  processCode: string;
  firmId: string;
  listingId: string;
  units: number;
  status: string;
  origin: string;
  declineReason: string | null;
  firstDay: string;
  lastDay: string;
  days: { date: string; units: number }[];
}

/** Every proposal of an order, as its buyer sees them (all stages, all firms), oldest first per stage. */
export async function allProposals(app: TestApp, buyerToken: string, orderId: string): Promise<FullProposal[]> {
  const response = await app.gql<{ order: { proposalsOf: FullProposal[] } }>(
    `query ($id: ID!) { order(id: $id) { proposalsOf { ${FULL_PROPOSAL_FIELDS} } } }`,
    { id: orderId },
    buyerToken,
  );
  return dataOf(response).order.proposalsOf;
}

/** Units of the live (proposed or accepted) shares per stage: a valid plan has exactly the quantity on each. */
export function liveUnitsByStage(proposals: FullProposal[]): Record<number, number> {
  const units: Record<number, number> = {};
  for (const proposal of proposals) {
    if (proposal.status !== 'PROPOSED' && proposal.status !== 'ACCEPTED') continue;
    units[proposal.stageSeq] = (units[proposal.stageSeq] ?? 0) + proposal.units;
  }
  return units;
}

export async function historyOf(app: TestApp, token: string, orderId: string): Promise<string[]> {
  const response = await app.gql<{ order: { history: { type: string }[] } }>(
    'query ($id: ID!) { order(id: $id) { history { type } } }',
    { id: orderId },
    token,
  );
  return dataOf(response).order.history.map((entry) => entry.type);
}

export function declineRequest(app: TestApp, token: string, proposalId: string, reason = 'machines booked elsewhere') {
  return app.gql<{ declineProposal: FullProposal }>(
    `mutation ($input: DeclineProposalInput!) { declineProposal(input: $input) { ${FULL_PROPOSAL_FIELDS} } }`,
    { input: { proposalId, reason } },
    token,
  );
}

/** The error code of a call that must fail, or a readable failure naming what came back instead. */
export function refusal(response: GraphqlResponse): { code: string | undefined; field?: string } {
  const error = response.errors?.[0];
  if (!error) return { code: `no error (data: ${JSON.stringify(response.data)})` };
  return error.extensions?.field
    ? { code: error.extensions.code, field: error.extensions.field }
    : { code: error.extensions?.code };
}

/** A compact picture of everything a refused call must leave untouched. */
export async function writableState(dataSource: DataSource): Promise<string> {
  const parts = await Promise.all([
    dataSource.query(`SELECT id, status, updated_at FROM orders ORDER BY id`),
    dataSource.query(`SELECT id, status, units_done, units_delivered, decided_at FROM proposals ORDER BY id`),
    dataSource.query(`SELECT id, capacity, booked FROM capacity_slots ORDER BY id`),
    dataSource.query(
      `SELECT id, status, units_per_day, end_date, unit_price, notes, updated_at FROM capacity_listings ORDER BY id`,
    ),
    dataSource.query(`SELECT COUNT(*)::int AS n FROM progress_reports`),
    dataSource.query(`SELECT COUNT(*)::int AS n FROM order_events`),
    dataSource.query(`SELECT COUNT(*)::int AS n FROM order_participants`),
  ]);
  return JSON.stringify(parts);
}
