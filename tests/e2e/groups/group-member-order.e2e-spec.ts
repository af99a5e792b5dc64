import { IDS, loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';
import { endMembershipRequest, formGroup, GroupView, groupRequest, insertFirm } from './group-operations';

/**
 * How a group lists its members: along the chain (the stages' order, not their codes'), within a stage by join
 * date, then by firm name; buyers, to whom an active group is released, see its current members only.
 */
const SEWERS = [
  // Ids run against names, so an order by id cannot pass for an order by name.
  { id: '00000000-0000-4000-8000-0000000005e3', name: 'Alpha Sewing', joinedOn: '2025-02-01' },
  { id: '00000000-0000-4000-8000-0000000005e2', name: 'Bravo Sewing', joinedOn: '2025-02-01' },
  { id: '00000000-0000-4000-8000-0000000005e1', name: 'Charlie Sewing', joinedOn: '2025-01-15' },
];

describe('the members of a group, in order', () => {
  let app: TestApp;
  let tokens: Tokens;
  let group: GroupView;

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    for (const firm of SEWERS) await insertFirm(app.dataSource, { ...firm, parkId: IDS.parkA, processes: ['SEWING'] });
    group = await formGroup(app, tokens.parkAdminA, {
      name: 'Order of members',
      productLine: 'shirts',
      // SEWING sorts before CUTTING by code; the chain puts cutting first.
      stageProcesses: ['CUTTING', 'SEWING'],
      leadFirmId: IDS.firmA2,
      members: [
        ...SEWERS.map((firm) => ({ firmId: firm.id, stageProcess: 'SEWING', joinedOn: firm.joinedOn })),
        { firmId: IDS.firmA2, stageProcess: 'CUTTING', joinedOn: '2025-03-01' },
      ],
    });
  });
  afterAll(() => app.close());

  const members = async (token: string) =>
    dataOf(await groupRequest(app, token, group.id)).virtualGroup.members.map((member) => member.firmId);

  it('goes along the chain, then by join date, then by firm name', async () => {
    expect(await members(tokens.parkAdminA)).toEqual([IDS.firmA2, SEWERS[2].id, SEWERS[0].id, SEWERS[1].id]);
  });

  it('shows a buyer the current members only, and the park the whole history', async () => {
    const [left] = group.members.filter((member) => member.firmId === SEWERS[0].id);
    dataOf(await endMembershipRequest(app, tokens.parkAdminA, left.id, '2025-04-01'));

    expect(await members(tokens.buyer1)).toEqual([IDS.firmA2, SEWERS[2].id, SEWERS[1].id]);
    expect(await members(tokens.parkAdminA)).toEqual([IDS.firmA2, SEWERS[2].id, SEWERS[0].id, SEWERS[1].id]);
  });
});
