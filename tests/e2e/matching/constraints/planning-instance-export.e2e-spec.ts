/**
 * A park admin exports the park's re-plan as a planning-instance file; `replan:file` (the real CLI, a child
 * process on a fresh build) plans it offline to exactly what the in-app re-plan proposes.
 */
import { readPlanningInstance, VgPlan } from '@vg/matching';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { IDS, loginAll, seedBase, Tokens } from '../../../support/seed';
import { dataOf, errorCode, startTestApp, TestApp } from '../../../support/test-app';
import { buildApi, removeBuild } from '../../faults/api-process';
import { buildConstraintCluster, DELIVERY, FIRMS, SITES, WINDOW } from './constraint-cluster';

const EXPORT = `query ($parkId: ID!) { exportPlanningInstance(parkId: $parkId) { fileName contentType contentBase64 rowCount } }`;
const POST = 'mutation ($input: PostOrderInput!) { postOrder(input: $input) { order { id status } } }';

interface ProposalRow {
  orderId: string;
  stageSeq: number;
  listingId: string;
  status: string;
  origin: string;
  transportCost: string;
  days: { date: string; units: number }[];
}

const sewing = (requiredCertifications: string[] = []) => [
  { processCode: 'SEWING', leadDays: 0, maxUnitPrice: '15.00', requiredCertifications },
];

/** Allocations as `order|stage|listing|date → units`, the shape both plans can be compared in. */
const allocationKey = (a: { orderId: string; stageSeq: number; listingId: string; date: string }) =>
  `${a.orderId}|${a.stageSeq}|${a.listingId}|${a.date}`;

describe('exporting a park’s planning instance and planning it offline', () => {
  let app: TestApp;
  let tokens: Tokens;
  let build: string;
  let workDir: string;
  const orderIds: string[] = [];

  beforeAll(async () => {
    build = buildApi();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vg-instance-'));
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    await buildConstraintCluster(app, tokens);
    const orders = [
      {
        idempotencyKey: 'instance-order-1',
        quantity: 1200,
        route: sewing(['BSCI']),
        deliveryLocation: DELIVERY,
        maxDistanceKm: '5',
        minRating: '3',
        excludedFirmIds: [FIRMS.excluded],
      },
      {
        idempotencyKey: 'instance-order-2',
        quantity: 800,
        route: sewing(),
        deliveryLocation: DELIVERY,
        maxDistanceKm: '2',
      },
      {
        idempotencyKey: 'instance-order-3',
        quantity: 600,
        route: sewing(),
        deliveryLocation: { latitude: SITES.far.latitude, longitude: SITES.far.longitude },
        maxDistanceKm: '3',
      },
    ];
    for (const order of orders) {
      const posted = dataOf(
        await app.gql<{ postOrder: { order: { id: string; status: string } } }>(
          POST,
          { input: { product: 'Jacket', ...WINDOW, ...order } },
          tokens.buyer1,
        ),
      ).postOrder;
      expect(posted.order.status).toBe('PLANNED');
      orderIds.push(posted.order.id);
    }
  });
  afterAll(async () => {
    await app?.close();
    if (build) removeBuild(build);
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('refuses other parks and other roles', async () => {
    expect(errorCode(await app.gql(EXPORT, { parkId: IDS.parkB }, tokens.parkAdminA))).toBe('NOT_FOUND');
    for (const token of [tokens.buyer1, tokens.ownerA1, tokens.platformAdmin]) {
      expect(errorCode(await app.gql(EXPORT, { parkId: IDS.parkA }, token))).toBe('FORBIDDEN');
    }
  });

  it('gives the same plan offline as the in-app re-plan', async () => {
    const file = dataOf(
      await app.gql<{
        exportPlanningInstance: { fileName: string; contentType: string; contentBase64: string; rowCount: number };
      }>(EXPORT, { parkId: IDS.parkA }, tokens.parkAdminA),
    ).exportPlanningInstance;
    expect(file).toMatchObject({ contentType: 'application/json', rowCount: orderIds.length });
    const text = Buffer.from(file.contentBase64, 'base64').toString('utf8');
    const instance = readPlanningInstance(JSON.parse(text));
    expect(instance.orders.map((order) => order.id)).toEqual([...orderIds].sort());
    expect(instance.transportRatePerUnitKm).toBe('0.004');
    const near = instance.firms.find((firm) => firm.id === FIRMS.near);
    expect(near).toMatchObject({ rating: 3, location: { lat: Number(SITES.near.latitude) } });
    expect(near?.certifications.map((held) => held.type)).toEqual(['BSCI']);

    const instanceFile = path.join(workDir, 'instance.json');
    const planFile = path.join(workDir, 'plan.json');
    fs.writeFileSync(instanceFile, text);
    // Asynchronously: the app under test lives in this process and must keep serving its connections meanwhile.
    await promisify(execFile)(process.execPath, [
      path.join(build, 'apps/api/src/cli/replan-file.js'),
      instanceFile,
      planFile,
    ]);
    const offline = JSON.parse(fs.readFileSync(planFile, 'utf8')) as VgPlan;
    expect(offline.totals).toMatchObject({ demandUnits: 2600, filledUnits: 2600 });

    const started = dataOf(
      await app.gql<{ startReplan: { id: string } }>('mutation { startReplan { id } }', {}, tokens.parkAdminA),
    ).startReplan;
    let status = 'QUEUED';
    for (let attempt = 0; attempt < 300 && ['QUEUED', 'RUNNING'].includes(status); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = dataOf(
        await app.gql<{ replanJob: { status: string } }>(
          'query ($id: ID!) { replanJob(id: $id) { status } }',
          { id: started.id },
          tokens.parkAdminA,
        ),
      ).replanJob.status;
    }
    expect(status).toBe('SUCCEEDED');

    const proposals: ProposalRow[] = [];
    for (const orderId of orderIds) {
      proposals.push(
        ...dataOf(
          await app.gql<{ proposals: { nodes: ProposalRow[] } }>(
            `query ($filter: ProposalFilterInput) { proposals(first: 100, filter: $filter) {
               nodes { orderId stageSeq listingId status origin transportCost days { date units } } } }`,
            { filter: { orderId, status: 'PROPOSED' } },
            tokens.buyer1,
          ),
        ).proposals.nodes,
      );
    }
    expect(proposals).not.toHaveLength(0);
    for (const proposal of proposals) expect(proposal.origin).toBe(`REPLAN:${started.id}`);
    const inApp = proposals
      .flatMap((proposal) => proposal.days.map((day) => [allocationKey({ ...proposal, date: day.date }), day.units]))
      .sort();
    const fromFile = offline.allocations.map((allocation) => [allocationKey(allocation), allocation.units]).sort();
    expect(inApp).toEqual(fromFile);

    const transportOf = (rows: { orderId: string; stageSeq: number; listingId: string; transportCost: string }[]) => {
      const sums = new Map<string, number>();
      for (const row of rows) {
        const key = `${row.orderId}|${row.stageSeq}|${row.listingId}`;
        sums.set(key, (sums.get(key) ?? 0) + Math.round(Number(row.transportCost) * 100));
      }
      return [...sums].sort();
    };
    expect(transportOf(proposals)).toEqual(transportOf(offline.allocations));
  });
});
