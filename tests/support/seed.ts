import { Role } from '@vg/core';
import { FirmEntity, FirmProcessEntity, FirmScale, FirmScaleEntity, LandPlotEntity, LandTenure } from '@vg/firms';
import { BuyerOrganisationEntity, hashPassword, UserEntity } from '@vg/identity';
import { ParkEntity } from '@vg/parks';
import { DataSource } from 'typeorm';
import { TestApp } from './test-app';

export const SEED_PASSWORD = 'Password-123';

/** Fixed ids, so a failing test names the row it was about. */
export const IDS = {
  parkA: '00000000-0000-4000-8000-00000000000a',
  parkB: '00000000-0000-4000-8000-00000000000b',
  firmA1: '00000000-0000-4000-8000-0000000000a1',
  firmA2: '00000000-0000-4000-8000-0000000000a2',
  firmB1: '00000000-0000-4000-8000-0000000000b1',
  plotA1: '00000000-0000-4000-8000-000000000a11',
  plotB1: '00000000-0000-4000-8000-000000000b11',
  buyerOrg1: '00000000-0000-4000-8000-0000000000c1',
  buyerOrg2: '00000000-0000-4000-8000-0000000000c2',
};

export const USCC = { firmA1: '91330100716105852F', firmA2: '914403001922038216', firmB1: '91330110MA2B0L0X3C' };

export const USERS = {
  platformAdmin: { email: 'platform@vg.test', role: Role.PLATFORM_ADMIN },
  parkAdminA: { email: 'admin-a@vg.test', role: Role.PARK_ADMIN, parkId: IDS.parkA },
  parkAdminB: { email: 'admin-b@vg.test', role: Role.PARK_ADMIN, parkId: IDS.parkB },
  ownerA1: { email: 'owner-a1@vg.test', role: Role.SME_OWNER, parkId: IDS.parkA, firmId: IDS.firmA1 },
  ownerA2: { email: 'owner-a2@vg.test', role: Role.SME_OWNER, parkId: IDS.parkA, firmId: IDS.firmA2 },
  ownerB1: { email: 'owner-b1@vg.test', role: Role.SME_OWNER, parkId: IDS.parkB, firmId: IDS.firmB1 },
  buyer1: { email: 'buyer1@vg.test', role: Role.BUYER, buyerOrgId: IDS.buyerOrg1 },
  buyer2: { email: 'buyer2@vg.test', role: Role.BUYER, buyerOrgId: IDS.buyerOrg2 },
} as const;

export type SeedUser = keyof typeof USERS;
export type Tokens = Record<SeedUser, string>;

/** Two parks, three firms, one user per role (and a second of each tenant), written straight to the tables. */
export async function seedBase(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.insert(ParkEntity, [
      { id: IDS.parkA, name: '临平时尚产业园', regionCode: '330113' },
      { id: IDS.parkB, name: '柯桥纺织园', regionCode: '330603' },
    ]);
    await manager.insert(BuyerOrganisationEntity, [
      { id: IDS.buyerOrg1, name: 'Brand One' },
      { id: IDS.buyerOrg2, name: 'Shop Two' },
    ]);
    const firm = (id: string, parkId: string, uscc: string, name: string) => ({
      id,
      parkId,
      uscc,
      name,
      industryCode: '18',
      industryGroup: '纺织服装',
      employees: 40,
      address: '临平区某路1号',
      joinedOn: '2024-03-01',
    });
    await manager.insert(FirmEntity, [
      firm(IDS.firmA1, IDS.parkA, USCC.firmA1, '杭州甲服饰有限公司'),
      firm(IDS.firmA2, IDS.parkA, USCC.firmA2, '杭州乙制衣有限公司'),
      firm(IDS.firmB1, IDS.parkB, USCC.firmB1, '绍兴丙纺织有限公司'),
    ]);
    await manager.insert(FirmProcessEntity, [
      { firmId: IDS.firmA1, parkId: IDS.parkA, processCode: 'SEWING' },
      { firmId: IDS.firmA2, parkId: IDS.parkA, processCode: 'CUTTING' },
      { firmId: IDS.firmB1, parkId: IDS.parkB, processCode: 'SEWING' },
    ]);
    await manager.insert(FirmScaleEntity, [
      { firmId: IDS.firmA1, parkId: IDS.parkA, year: 2025, scale: FirmScale.ABOVE },
      { firmId: IDS.firmB1, parkId: IDS.parkB, year: 2025, scale: FirmScale.BELOW },
    ]);
    await manager.insert(LandPlotEntity, [
      {
        id: IDS.plotA1,
        firmId: IDS.firmA1,
        parkId: IDS.parkA,
        certificateNo: 'A-0001',
        areaM2: '13333.33',
        tenure: LandTenure.OWNED,
        lessor: null,
      },
      {
        id: IDS.plotB1,
        firmId: IDS.firmB1,
        parkId: IDS.parkB,
        certificateNo: 'B-0001',
        areaM2: '2000.00',
        tenure: LandTenure.LEASED,
        lessor: '某村经济合作社',
      },
    ]);
    const passwordHash = await hashPassword(SEED_PASSWORD);
    await manager.insert(
      UserEntity,
      Object.values(USERS).map((user) => ({
        email: user.email,
        displayName: user.email.split('@')[0],
        passwordHash,
        role: user.role,
        parkId: 'parkId' in user ? user.parkId : null,
        firmId: 'firmId' in user ? user.firmId : null,
        buyerOrgId: 'buyerOrgId' in user ? user.buyerOrgId : null,
      })),
    );
  });
}

export async function loginAll(app: TestApp): Promise<Tokens> {
  const entries = await Promise.all(
    (Object.keys(USERS) as SeedUser[]).map(async (key) => {
      const response = await app.gql<{ login: { accessToken: string } }>(
        'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
        { input: { email: USERS[key].email, password: SEED_PASSWORD } },
      );
      if (!response.data) throw new Error(`login ${key} failed: ${JSON.stringify(response.errors)}`);
      return [key, response.data.login.accessToken] as const;
    }),
  );
  return Object.fromEntries(entries) as Tokens;
}
