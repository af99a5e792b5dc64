import { HUANGYAN_2022_SCHEME } from '@vg/evaluation';
import { IDS, loginAll, seedBase, SeedUser, Tokens } from '../../support/seed';
import { dataOf, startTestApp, TestApp } from '../../support/test-app';

/**
 * Reference data a park may extend — the process catalogue and evaluation schemes: shared entries for everyone, a
 * park's own entries for its people, and a new entry filed where its author's reach puts it.
 */
describe('who sees which catalogue entries', () => {
  let app: TestApp;
  let tokens: Tokens;

  const addProcess = async (user: SeedUser, code: string) =>
    dataOf(
      await app.gql<{ addProcess: { code: string; parkId: string | null } }>(
        'mutation ($input: AddProcessInput!) { addProcess(input: $input) { code parkId } }',
        { input: { code, nameZh: '测试工序', nameEn: 'Test process' } },
        tokens[user],
      ),
    ).addProcess;
  const processCodes = async (user: SeedUser): Promise<string[]> =>
    dataOf(
      await app.gql<{ processes: { nodes: { code: string }[] } }>(
        '{ processes(first: 100) { nodes { code } } }',
        {},
        tokens[user],
      ),
    ).processes.nodes.map((process) => process.code);
  const addScheme = async (user: SeedUser, code: string) =>
    dataOf(
      await app.gql<{ createEvaluationScheme: { id: string; parkId: string | null } }>(
        'mutation ($input: CreateEvaluationSchemeInput!) { createEvaluationScheme(input: $input) { id parkId } }',
        { input: { definitionJson: JSON.stringify({ ...HUANGYAN_2022_SCHEME, id: code, name: code }) } },
        tokens[user],
      ),
    ).createEvaluationScheme;
  const schemeIds = async (user: SeedUser): Promise<string[]> =>
    dataOf(
      await app.gql<{ evaluationSchemes: { nodes: { id: string }[] } }>(
        '{ evaluationSchemes(first: 100) { nodes { id } } }',
        {},
        tokens[user],
      ),
    ).evaluationSchemes.nodes.map((scheme) => scheme.id);

  let schemes: Record<'shared' | 'ofA' | 'ofB', { id: string; parkId: string | null }>;

  beforeAll(async () => {
    app = await startTestApp();
    await seedBase(app.dataSource);
    tokens = await loginAll(app);
    await addProcess('platformAdmin', 'SHARED_STEAMING');
    await addProcess('parkAdminA', 'A_ONLY_QUILTING');
    await addProcess('parkAdminB', 'B_ONLY_DYEING');
    schemes = {
      shared: await addScheme('platformAdmin', 'shared-2025'),
      ofA: await addScheme('parkAdminA', 'park-a-2025'),
      ofB: await addScheme('parkAdminB', 'park-b-2025'),
    };
  });
  afterAll(() => app.close());

  it('files a platform admin’s entries as shared and a park admin’s as their park’s', async () => {
    const filed: { code: string; park_id: string | null }[] = await app.dataSource.query(
      `SELECT code, park_id FROM processes WHERE code IN ('SHARED_STEAMING', 'A_ONLY_QUILTING', 'B_ONLY_DYEING')
        ORDER BY code`,
    );
    expect(filed).toEqual([
      { code: 'A_ONLY_QUILTING', park_id: IDS.parkA },
      { code: 'B_ONLY_DYEING', park_id: IDS.parkB },
      { code: 'SHARED_STEAMING', park_id: null },
    ]);
    expect([schemes.shared.parkId, schemes.ofA.parkId, schemes.ofB.parkId]).toEqual([null, IDS.parkA, IDS.parkB]);
  });

  it.each([
    { user: 'platformAdmin' as SeedUser, sees: ['SHARED_STEAMING', 'A_ONLY_QUILTING', 'B_ONLY_DYEING'], not: [] },
    { user: 'parkAdminA' as SeedUser, sees: ['SHARED_STEAMING', 'A_ONLY_QUILTING'], not: ['B_ONLY_DYEING'] },
    { user: 'ownerA1' as SeedUser, sees: ['SHARED_STEAMING', 'A_ONLY_QUILTING'], not: ['B_ONLY_DYEING'] },
    { user: 'ownerB1' as SeedUser, sees: ['SHARED_STEAMING', 'B_ONLY_DYEING'], not: ['A_ONLY_QUILTING'] },
    { user: 'buyer1' as SeedUser, sees: ['SHARED_STEAMING', 'SEWING'], not: ['A_ONLY_QUILTING', 'B_ONLY_DYEING'] },
  ])('shows $user the processes in their reach', async ({ user, sees, not }) => {
    const codes = await processCodes(user);
    for (const code of sees) expect(codes).toContain(code);
    for (const code of not) expect(codes).not.toContain(code);
  });

  it.each([
    { user: 'platformAdmin' as SeedUser, sees: ['shared', 'ofA', 'ofB'] as const, not: [] as const },
    { user: 'parkAdminA' as SeedUser, sees: ['shared', 'ofA'] as const, not: ['ofB'] as const },
    { user: 'parkAdminB' as SeedUser, sees: ['shared', 'ofB'] as const, not: ['ofA'] as const },
  ])('shows $user the schemes in their reach', async ({ user, sees, not }) => {
    const ids = await schemeIds(user);
    for (const name of sees) expect(ids).toContain(schemes[name].id);
    for (const name of not) expect(ids).not.toContain(schemes[name].id);
  });

  it('lets a park open a round under a shared scheme or its own, never another park’s', async () => {
    const open = (schemeId: string) =>
      app.gql<{ createEvaluationRound: { id: string } }>(
        'mutation ($input: CreateEvaluationRoundInput!) { createEvaluationRound(input: $input) { id } }',
        { input: { year: 2025, schemeId } },
        tokens.parkAdminA,
      );
    const refused = await open(schemes.ofB.id);
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(dataOf(await open(schemes.ofA.id)).createEvaluationRound.id).toEqual(expect.any(String));
  });
});
