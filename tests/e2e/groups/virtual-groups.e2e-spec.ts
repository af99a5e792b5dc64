import { IDS, loginAll, seedBase, Tokens } from '../../support/seed';
import { dataOf, errorCode, startTestApp, TestApp } from '../../support/test-app';
import { createListing, postOrder } from '../../support/operations';
import {
  addMemberRequest,
  decideRequest,
  endMembershipRequest,
  formGroup,
  FormArgs,
  formGroupRequest,
  groupRequest,
  insertFirm,
  rejectRequest,
} from './group-operations';

const FIRM_A3 = '00000000-0000-4000-8000-0000000000a3';
const FIRM_A4 = '00000000-0000-4000-8000-0000000000a4';
const FIRM_A5 = '00000000-0000-4000-8000-0000000000a5';
const DOWN_JACKET_STAGES = ['CUTTING', 'SEWING', 'DOWN_FILLING', 'QC'];
const ROUTE = [
  { processCode: 'CUTTING', leadDays: 1, maxUnitPrice: '4.00' },
  { processCode: 'SEWING', leadDays: 0, maxUnitPrice: '15.00' },
];

describe('virtual groups: formed, approved, joined and left; orders matched inside the group first', () => {
  let app: TestApp;
  let tokens: Tokens;
  let downJacketsId: string;

  const countOf = async (table: string): Promise<number> =>
    (await app.dataSource.query(`SELECT COUNT(*)::int AS n FROM ${table}`))[0].n;

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    dataOf(
      await app.gql(
        'mutation ($input: AddProcessInput!) { addProcess(input: $input) { code } }',
        { input: { code: 'DOWN_FILLING', nameZh: '充绒', nameEn: 'Down filling' } },
        tokens.parkAdminA,
      ),
    );
    await insertFirm(app.dataSource, { id: FIRM_A3, parkId: IDS.parkA, name: '临平丁缝纫厂', processes: ['SEWING'] });
    await insertFirm(app.dataSource, { id: FIRM_A4, parkId: IDS.parkA, name: '临平戊裁剪厂', processes: ['CUTTING'] });
    await insertFirm(app.dataSource, {
      id: FIRM_A5,
      parkId: IDS.parkA,
      name: '临平己羽绒加工厂',
      processes: ['DOWN_FILLING', 'QC'],
    });
    const group = await formGroup(app, tokens.parkAdminA, {
      name: '女式羽绒服虚拟集团',
      productLine: '女式羽绒服 (women’s down jackets)',
      stageProcesses: DOWN_JACKET_STAGES,
      leadFirmId: IDS.firmA2,
      members: [
        { firmId: IDS.firmA2, stageProcess: 'CUTTING', joinedOn: '2025-01-10' },
        { firmId: IDS.firmA1, stageProcess: 'SEWING', joinedOn: '2025-02-01' },
        { firmId: FIRM_A5, stageProcess: 'DOWN_FILLING', joinedOn: '2025-02-01' },
        { firmId: FIRM_A5, stageProcess: 'QC', joinedOn: '2025-03-01' },
      ],
    });
    downJacketsId = group.id;
  });
  afterAll(() => app.close());

  describe('forming a group', () => {
    it('a park admin forms an active group with a lead firm and members per stage', async () => {
      const group = dataOf(await groupRequest(app, tokens.parkAdminA, downJacketsId)).virtualGroup;
      expect(group).toMatchObject({
        status: 'ACTIVE',
        parkId: IDS.parkA,
        leadFirmId: IDS.firmA2,
        currentMemberCount: 3,
      });
      expect(group.formedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(group.members.map((member) => [member.stageProcess, member.firmId, member.joinedOn])).toEqual([
        ['CUTTING', IDS.firmA2, '2025-01-10'],
        ['SEWING', IDS.firmA1, '2025-02-01'],
        ['DOWN_FILLING', FIRM_A5, '2025-02-01'],
        ['QC', FIRM_A5, '2025-03-01'],
      ]);
    });

    it('a lead firm proposes a group, which waits for the park admin; another park’s admin cannot approve it', async () => {
      const proposed = await formGroup(app, tokens.ownerA1, {
        name: '针织衫链',
        productLine: '针织衫',
        stageProcesses: ['SEWING'],
        members: [{ firmId: IDS.firmA1, stageProcess: 'SEWING', joinedOn: '2025-05-01' }],
      });
      expect(proposed).toMatchObject({ status: 'PENDING_APPROVAL', leadFirmId: IDS.firmA1, formedOn: null });

      const foreign = await decideRequest(app, tokens.parkAdminB, 'approveVirtualGroup', proposed.id);
      expect(errorCode(foreign)).toBe('NOT_FOUND');
      const byLead = await decideRequest(app, tokens.ownerA1, 'approveVirtualGroup', proposed.id);
      expect(errorCode(byLead)).toBe('FORBIDDEN');
      expect(dataOf(await groupRequest(app, tokens.parkAdminA, proposed.id)).virtualGroup.status).toBe(
        'PENDING_APPROVAL',
      );

      const approved = dataOf(await decideRequest(app, tokens.parkAdminA, 'approveVirtualGroup', proposed.id));
      expect(approved.approveVirtualGroup).toMatchObject({ status: 'ACTIVE', currentMemberCount: 1 });
      const again = await decideRequest(app, tokens.parkAdminA, 'approveVirtualGroup', proposed.id);
      expect(errorCode(again)).toBe('CONFLICT');
    });

    it('a rejected proposal keeps its reason and ends the memberships it proposed', async () => {
      const proposed = await formGroup(app, tokens.ownerA2, {
        name: '裁剪联盟',
        productLine: '衬衫',
        stageProcesses: ['CUTTING', 'SEWING'],
        members: [{ firmId: FIRM_A3, stageProcess: 'SEWING', joinedOn: '2025-06-01' }],
      });
      const rejected = dataOf(
        await rejectRequest(app, tokens.parkAdminA, proposed.id, '与现有集团重复'),
      ).rejectVirtualGroup;
      expect(rejected).toMatchObject({ status: 'REJECTED', rejectionReason: '与现有集团重复', currentMemberCount: 0 });
      expect(rejected.members).toHaveLength(1);
      expect(rejected.members[0].leftOn).not.toBeNull();
    });

    it.each([
      [
        'when a member does not list the stage’s process',
        'ownerA2',
        { members: [{ firmId: FIRM_A3, stageProcess: 'CUTTING', joinedOn: '2025-01-01' }] },
        'BAD_USER_INPUT',
      ],
      [
        'when a member joins a stage the chain does not have',
        'parkAdminA',
        { members: [{ firmId: FIRM_A5, stageProcess: 'PACKAGING', joinedOn: '2025-01-01' }] },
        'BAD_USER_INPUT',
      ],
      [
        'when a member is a firm of another park',
        'parkAdminA',
        { members: [{ firmId: IDS.firmB1, stageProcess: 'SEWING', joinedOn: '2025-01-01' }] },
        'NOT_FOUND',
      ],
      ['when another park’s admin names this park’s lead firm', 'parkAdminB', {}, 'NOT_FOUND'],
      ['when an owner names another firm as the lead', 'ownerA1', {}, 'NOT_FOUND'],
      [
        'when the join date is in the future',
        'parkAdminA',
        { members: [{ firmId: IDS.firmA1, stageProcess: 'SEWING', joinedOn: '2099-01-01' }] },
        'BAD_USER_INPUT',
      ],
      ['when a live group of the park has the name', 'parkAdminA', { name: '女式羽绒服虚拟集团' }, 'CONFLICT'],
      [
        'when a stage is not in the catalogue',
        'parkAdminA',
        { stageProcesses: ['CUTTING', 'TELEPORTING'] },
        'BAD_USER_INPUT',
      ],
      ['when a buyer tries', 'buyer1', {}, 'FORBIDDEN'],
    ] as [string, keyof Tokens, Partial<FormArgs>, string][])(
      'refuses %s, writing nothing',
      async (_situation, caller, change, code) => {
        const [groupsBefore, membersBefore] = [await countOf('virtual_groups'), await countOf('group_members')];
        const response = await formGroupRequest(app, tokens[caller], {
          name: '测试集团',
          productLine: '衬衫',
          stageProcesses: ['CUTTING', 'SEWING'],
          leadFirmId: IDS.firmA2,
          members: [],
          ...change,
        });
        expect(errorCode(response)).toBe(code);
        expect([await countOf('virtual_groups'), await countOf('group_members')]).toEqual([
          groupsBefore,
          membersBefore,
        ]);
      },
    );
  });

  describe('membership over time', () => {
    it('a firm belongs to several groups, leaves one and keeps the history, and may join again', async () => {
      const shirts = await formGroup(app, tokens.parkAdminA, {
        name: '衬衫虚拟集团',
        productLine: '衬衫',
        stageProcesses: ['CUTTING', 'SEWING'],
        leadFirmId: FIRM_A4,
        members: [
          { firmId: FIRM_A4, stageProcess: 'CUTTING', joinedOn: '2025-04-01' },
          { firmId: IDS.firmA1, stageProcess: 'SEWING', joinedOn: '2025-04-01' },
        ],
      });
      const [{ groups }] = await app.dataSource.query(
        `SELECT COUNT(DISTINCT group_id)::int AS groups FROM group_members WHERE firm_id = $1 AND left_on IS NULL`,
        [IDS.firmA1],
      );
      expect(groups).toBeGreaterThanOrEqual(2);

      const membership = shirts.members.find((member) => member.firmId === IDS.firmA1)!;
      const tooEarly = await endMembershipRequest(app, tokens.ownerA1, membership.id, '2025-03-01');
      expect(errorCode(tooEarly)).toBe('BAD_USER_INPUT');
      const outsider = await endMembershipRequest(app, tokens.ownerB1, membership.id, '2025-09-30');
      expect(errorCode(outsider)).toBe('NOT_FOUND');

      const left = dataOf(
        await endMembershipRequest(app, tokens.ownerA1, membership.id, '2025-09-30'),
      ).endGroupMembership;
      expect(left.members.find((member) => member.id === membership.id)).toMatchObject({ leftOn: '2025-09-30' });
      expect(left.currentMemberCount).toBe(1);
      const twice = await endMembershipRequest(app, tokens.parkAdminA, membership.id, '2025-10-01');
      expect(errorCode(twice)).toBe('CONFLICT');

      // A member firm that is not the lead cannot add others; the lead firm can, and the firm may rejoin.
      const notLead = await addMemberRequest(app, tokens.ownerA1, {
        groupId: shirts.id,
        firmId: FIRM_A3,
        stageProcess: 'SEWING',
        joinedOn: '2025-10-01',
      });
      expect(errorCode(notLead)).toBe('FORBIDDEN');
      const rejoined = dataOf(
        await addMemberRequest(app, tokens.parkAdminA, {
          groupId: shirts.id,
          firmId: IDS.firmA1,
          stageProcess: 'SEWING',
          joinedOn: '2025-11-01',
        }),
      ).addGroupMember;
      expect(rejoined.members.filter((member) => member.firmId === IDS.firmA1).map((member) => member.leftOn)).toEqual([
        '2025-09-30',
        null,
      ]);
      const duplicate = await addMemberRequest(app, tokens.parkAdminA, {
        groupId: shirts.id,
        firmId: IDS.firmA1,
        stageProcess: 'SEWING',
        joinedOn: '2025-11-02',
      });
      expect(errorCode(duplicate)).toBe('CONFLICT');

      const dissolved = dataOf(await decideRequest(app, tokens.parkAdminA, 'dissolveVirtualGroup', shirts.id));
      expect(dissolved.dissolveVirtualGroup).toMatchObject({ status: 'DISSOLVED', currentMemberCount: 0 });
      expect(dissolved.dissolveVirtualGroup.members).not.toHaveLength(0);
      for (const member of dissolved.dissolveVirtualGroup.members) {
        expect(member).toMatchObject({ leftOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
      }
    });

    it.each([
      ['another park’s admin', 'parkAdminB', 'NOT_FOUND'],
      ['an owner whose firm is not in the group', 'ownerB1', 'NOT_FOUND'],
      ['a member firm’s owner', 'ownerA1', null],
      ['a buyer (active groups are public to buyers)', 'buyer1', null],
    ] as const)('reading a group as %s', async (_who, caller, code) => {
      const response = await groupRequest(app, tokens[caller], downJacketsId);
      if (code) expect(errorCode(response)).toBe(code);
      else expect(dataOf(response).virtualGroup.id).toBe(downJacketsId);
    });

    it('lists a park admin’s groups only, and buyers only active ones', async () => {
      const pending = await formGroup(app, tokens.ownerA1, {
        name: '待批针织链',
        productLine: '针织衫',
        stageProcesses: ['SEWING'],
        members: [{ firmId: IDS.firmA1, stageProcess: 'SEWING', joinedOn: '2025-05-01' }],
      });
      const list = async (token: string) =>
        dataOf(
          await app.gql<{
            virtualGroups: { totalCount: number; nodes: { id: string; parkId: string; status: string }[] };
          }>('{ virtualGroups(first: 100) { totalCount nodes { id parkId status } } }', {}, token),
        ).virtualGroups;
      expect((await list(tokens.parkAdminB)).totalCount).toBe(0);
      const forA = await list(tokens.parkAdminA);
      expect(forA.nodes.map((group) => group.id)).toEqual(expect.arrayContaining([downJacketsId, pending.id]));
      for (const group of forA.nodes) expect(group).toMatchObject({ parkId: IDS.parkA });
      const forBuyer = (await list(tokens.buyer1)).nodes;
      expect(forBuyer.map((group) => group.id)).toContain(downJacketsId);
      expect(forBuyer.map((group) => group.id)).not.toContain(pending.id);
      for (const group of forBuyer) expect(group).toMatchObject({ status: 'ACTIVE' });
    });
  });

  describe('an order posted to the group', () => {
    beforeAll(async () => {
      const window = { startDate: '2027-03-01', endDate: '2027-03-31', minOrderQuantity: 1 };
      await createListing(app, tokens.parkAdminA, {
        ...window,
        firmId: IDS.firmA2,
        processCode: 'CUTTING',
        unitsPerDay: 1000,
        unitPrice: '3.00',
      });
      await createListing(app, tokens.parkAdminA, {
        ...window,
        firmId: FIRM_A4,
        processCode: 'CUTTING',
        unitsPerDay: 1000,
        unitPrice: '2.00',
      });
      await createListing(app, tokens.parkAdminA, {
        ...window,
        firmId: FIRM_A3,
        processCode: 'SEWING',
        unitsPerDay: 300,
        unitPrice: '9.00',
      });
      // The group's sewing member can do 500 pieces in all: 100 a day for five days.
      await createListing(app, tokens.parkAdminA, {
        ...window,
        startDate: '2027-03-08',
        endDate: '2027-03-12',
        firmId: IDS.firmA1,
        processCode: 'SEWING',
        unitsPerDay: 100,
        unitPrice: '12.00',
      });
    });

    const order = (quantity: number, key: string, preferredGroupId?: string) => ({
      idempotencyKey: key,
      product: '女式羽绒服',
      quantity,
      route: ROUTE,
      earliestStart: '2027-03-01',
      dueDate: '2027-03-25',
      ...(preferredGroupId ? { preferredGroupId } : {}),
    });
    const unitsByStageAndFirm = (assignments: { stageSeq: number; firmId: string; units: number }[]) => {
      const totals: Record<string, number> = {};
      for (const { stageSeq, firmId, units } of assignments) {
        totals[`${stageSeq}:${firmId}`] = (totals[`${stageSeq}:${firmId}`] ?? 0) + units;
      }
      return totals;
    };

    it('is planned with the group’s members alone when they can make it, though outsiders are cheaper', async () => {
      const withoutGroup = dataOf(
        await app.gql<{
          previewQuote: { feasible: boolean; assignments: { stageSeq: number; firmId: string; units: number }[] };
        }>(
          'query ($input: PostOrderInput!) { previewQuote(input: $input) { feasible assignments { stageSeq firmId units } } }',
          { input: order(400, 'preview-no-group') },
          tokens.buyer1,
        ),
      ).previewQuote;
      expect(withoutGroup.feasible).toBe(true);
      expect(
        withoutGroup.assignments.filter((assignment) => [FIRM_A3, FIRM_A4].includes(assignment.firmId)),
      ).not.toHaveLength(0);

      const posted = await postOrder(app, tokens.buyer1, order(400, 'group-order-inside', downJacketsId));
      expect(posted.quote.feasible).toBe(true);
      expect(unitsByStageAndFirm(posted.quote.assignments)).toEqual({
        [`1:${IDS.firmA2}`]: 400,
        [`2:${IDS.firmA1}`]: 400,
      });
      const [{ proposed }] = await app.dataSource.query(
        `SELECT COUNT(*)::int AS proposed FROM proposals WHERE order_id = $1 AND status = 'PROPOSED' AND firm_id <> ALL($2)`,
        [posted.order.id, [IDS.firmA1, IDS.firmA2]],
      );
      expect(proposed).toBe(0);
      dataOf(
        await app.gql(
          'mutation ($id: ID!) { cancelOrder(id: $id) { status } }',
          { id: posted.order.id },
          tokens.buyer1,
        ),
      );
    });

    it('draws on the rest of the cluster only for what the group cannot do', async () => {
      const posted = await postOrder(app, tokens.buyer1, order(800, 'group-order-overflow', downJacketsId));
      expect(posted.quote.feasible).toBe(true);
      expect(unitsByStageAndFirm(posted.quote.assignments)).toEqual({
        // Cutting: the group's member can do all of it, so the cheaper outsider gets nothing.
        [`1:${IDS.firmA2}`]: 800,
        // Sewing: the member takes everything it has listed (5 × 100); the outsider only the rest.
        [`2:${IDS.firmA1}`]: 500,
        [`2:${FIRM_A3}`]: 300,
      });
      dataOf(
        await app.gql(
          'mutation ($id: ID!) { cancelOrder(id: $id) { status } }',
          { id: posted.order.id },
          tokens.buyer1,
        ),
      );
    });
  });
});
