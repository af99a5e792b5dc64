import { loadListings } from '@vg/capacity';
import { loadFirms, loadLandPlots } from '@vg/firms';
import { hashPassword, loadBuyerOrganisations, loadUsers } from '@vg/identity';
import { AnnualFigureKind, ImportFileType, loadImportedFigures } from '@vg/output';
import { loadParks } from '@vg/parks';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { DemoCast } from './demo-cast';
import { DemoAnnualFigures, DemoCluster } from './demo-cluster';
import { demoSite } from './demo-sites';

export const DEMO_PASSWORD = 'demo-password';

/** One demo user per role; the README lists them. */
export const DEMO_USERS = {
  platformAdmin: 'platform@demo.vg',
  parkAdmin: 'park-admin@demo.vg',
  smeOwner: 'owner@demo.vg',
  buyer: 'buyer@demo.vg',
} as const;

/** Stable ids derived from the generator's keys, so the same seed gives the same ids on every machine. */
export function demoId(kind: string, key: string): string {
  const hex = createHash('sha256').update(`${kind}:${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Which bureau file each yearly figure comes from, and the generator's name for it. */
const ANNUAL_SOURCES: {
  fileType: `${ImportFileType}`;
  kind: `${AnnualFigureKind}`;
  field: Exclude<keyof DemoAnnualFigures, 'firmKey' | 'year'>;
}[] = [
  { fileType: 'TAX_BUREAU', kind: 'TAX_PAID', field: 'taxPaidWanYuan' },
  { fileType: 'STATISTICS', kind: 'INDUSTRIAL_OUTPUT', field: 'industrialOutputWanYuan' },
  { fileType: 'STATISTICS', kind: 'VALUE_ADDED', field: 'valueAddedWanYuan' },
  { fileType: 'STATISTICS', kind: 'REVENUE', field: 'revenueWanYuan' },
  { fileType: 'STATISTICS', kind: 'RD_SPENDING', field: 'rdSpendingWanYuan' },
  { fileType: 'STATISTICS', kind: 'AVG_EMPLOYEES', field: 'avgEmployees' },
  { fileType: 'ENVIRONMENT', kind: 'ENERGY_TCE', field: 'energyTce' },
  { fileType: 'POWER', kind: 'ELECTRICITY', field: 'electricityWanKwh' },
  { fileType: 'ENVIRONMENT', kind: 'EMISSIONS', field: 'emissionsT' },
  { fileType: 'ENVIRONMENT', kind: 'WATER', field: 'waterT' },
];

/**
 * The cluster's monthly output and yearly figures, as if each park had imported one file per bureau: one import job
 * per park and file type, figures IMPORTED and APPROVED, every yearly sheet confirmed. Platform output is not
 * loaded: it is recorded when proposals are delivered, and the demo has none yet.
 */
async function loadFigures(
  manager: EntityManager,
  cluster: DemoCluster,
  firmPark: Map<string, string>,
  userId: string,
) {
  const job = (parkId: string, fileType: string) =>
    demoId('import-job', `${cluster.settings.seed}:${parkId}:${fileType}`);
  const fileTypes = [...new Set([...ANNUAL_SOURCES.map((source) => source.fileType), 'MONTHLY_OUTPUT' as const])];
  const parkIds = cluster.parks.map((park) => demoId('park', park.key));
  const firmsOfPark = (parkId: string) => cluster.firms.filter((firm) => firmPark.get(firm.key) === parkId).length;
  await loadImportedFigures(manager, {
    jobs: parkIds.flatMap((parkId) =>
      fileTypes.map((fileType) => ({
        id: job(parkId, fileType),
        parkId,
        fileType,
        format: 'XLSX' as const,
        fileName: `demo-cluster-${fileType.toLowerCase()}.xlsx`,
        contentHash: createHash('sha256').update(`demo:${cluster.settings.seed}:${parkId}:${fileType}`).digest('hex'),
        rows:
          firmsOfPark(parkId) * (fileType === 'MONTHLY_OUTPUT' ? cluster.settings.years * 12 : cluster.settings.years),
        createdBy: userId,
      })),
    ),
    monthly: cluster.monthlyOutput.map((record) => {
      const parkId = firmPark.get(record.firmKey)!;
      return {
        firmId: demoId('firm', record.firmKey),
        parkId,
        month: `${record.month}-01`,
        outputValue: record.outputValueYuan,
        importJobId: job(parkId, 'MONTHLY_OUTPUT'),
        enteredBy: userId,
      };
    }),
    annual: cluster.annualFigures.flatMap((figures) => {
      const parkId = firmPark.get(figures.firmKey)!;
      return ANNUAL_SOURCES.flatMap((source) => {
        const value = figures[source.field];
        if (value === null) return [];
        return [
          {
            firmId: demoId('firm', figures.firmKey),
            parkId,
            year: figures.year,
            kind: source.kind,
            value,
            importJobId: job(parkId, source.fileType),
            enteredBy: userId,
          },
        ];
      });
    }),
    sheets: cluster.annualFigures.map((figures) => ({
      firmId: demoId('firm', figures.firmKey),
      parkId: firmPark.get(figures.firmKey)!,
      year: figures.year,
      confirmedBy: userId,
    })),
  });
}

const siteColumns = (site: { latitude: string; longitude: string; town: string } | null) => ({
  siteLatitude: site?.latitude ?? null,
  siteLongitude: site?.longitude ?? null,
  siteTown: site?.town ?? null,
});

/** The firm the demo owner account (`DEMO_USERS.smeOwner`) belongs to: the first park's first firm. */
export function demoOwnerFirm(cluster: DemoCluster) {
  return cluster.firms.find((firm) => firm.parkKey === cluster.parks[0].key) ?? cluster.firms[0];
}

/**
 * Writes a generated cluster straight into the tables (set-based, a few thousand rows a statement): parks,
 * firms with their land, processes and scales, capacity listings with their daily slots, buyer organisations,
 * monthly output and yearly figures, and one demo user per role; with a cast, its year of capacity and its owners'
 * accounts. Returns the ids a caller may need.
 */
export async function loadDemoCluster(dataSource: DataSource, cluster: DemoCluster, cast?: DemoCast) {
  const firstPark = cluster.parks[0];
  const firstFirm = demoOwnerFirm(cluster);
  const firmPark = new Map(cluster.firms.map((firm) => [firm.key, demoId('park', firm.parkKey)]));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const platformAdminId = demoId('user', DEMO_USERS.platformAdmin);
  await dataSource.transaction(async (manager) => {
    await loadParks(
      manager,
      cluster.parks.map((park) => ({ id: demoId('park', park.key), name: park.name, regionCode: park.regionCode })),
    );
    await loadBuyerOrganisations(
      manager,
      cluster.buyers.map((buyer) => ({ id: demoId('buyer', buyer.key), name: buyer.name })),
    );
    await loadFirms(
      manager,
      cluster.firms.map((firm) => ({
        ...siteColumns(demoSite(firm.key, firm.address)),
        id: demoId('firm', firm.key),
        parkId: firmPark.get(firm.key)!,
        uscc: firm.uscc,
        name: firm.name,
        industryCode: firm.industryCode,
        industryGroup: firm.industryGroup,
        employees: firm.employees,
        address: firm.address,
        joinedOn: firm.joinedOn,
        processCodes: firm.processes,
        scaleByYear: firm.scaleByYear,
      })),
    );
    await loadLandPlots(
      manager,
      cluster.landPlots.map((plot) => ({
        id: demoId('plot', plot.certificateNo),
        firmId: demoId('firm', plot.firmKey),
        parkId: firmPark.get(plot.firmKey)!,
        certificateNo: plot.certificateNo,
        areaM2: plot.areaM2,
        tenure: plot.tenure,
        lessor: plot.lessor,
      })),
    );
    await loadListings(
      manager,
      cluster.capacityListings.map((listing) => ({
        id: demoId('listing', listing.key),
        parkId: firmPark.get(listing.firmKey) as string,
        firmId: demoId('firm', listing.firmKey),
        processCode: listing.processCode,
        unitsPerDay: listing.unitsPerDay,
        startDate: listing.startDate,
        endDate: listing.endDate,
        unitPrice: (listing.unitPriceFen / 100).toFixed(2),
        minOrderQuantity: listing.minOrderQuantity,
        notes: listing.notes,
      })),
    );
    await loadUsers(manager, [
      {
        id: platformAdminId,
        email: DEMO_USERS.platformAdmin,
        displayName: '平台管理员',
        passwordHash,
        role: 'PLATFORM_ADMIN',
        parkId: null,
        firmId: null,
        buyerOrgId: null,
      },
      {
        id: demoId('user', DEMO_USERS.parkAdmin),
        email: DEMO_USERS.parkAdmin,
        displayName: '园区管理员',
        passwordHash,
        role: 'PARK_ADMIN',
        parkId: demoId('park', firstPark.key),
        firmId: null,
        buyerOrgId: null,
      },
      {
        id: demoId('user', DEMO_USERS.smeOwner),
        email: DEMO_USERS.smeOwner,
        displayName: firstFirm.ownerName,
        passwordHash,
        role: 'SME_OWNER',
        parkId: firmPark.get(firstFirm.key)!,
        firmId: demoId('firm', firstFirm.key),
        buyerOrgId: null,
      },
      {
        id: demoId('user', DEMO_USERS.buyer),
        email: DEMO_USERS.buyer,
        displayName: '采购员',
        passwordHash,
        role: 'BUYER',
        parkId: null,
        firmId: null,
        buyerOrgId: demoId('buyer', cluster.buyers[0].key),
      },
    ]);
    await loadFigures(manager, cluster, firmPark, platformAdminId);
    if (cast) {
      await loadListings(manager, cast.listings);
      await loadUsers(
        manager,
        cast.firms
          .filter((firm) => firm.ownerEmail !== DEMO_USERS.smeOwner)
          .map((firm) => ({
            id: demoId('user', firm.ownerEmail),
            email: firm.ownerEmail,
            displayName: firm.ownerName,
            passwordHash,
            role: 'SME_OWNER',
            parkId: firm.parkId,
            firmId: firm.firmId,
            buyerOrgId: null,
          })),
      );
    }
  });
  return {
    parkId: demoId('park', firstPark.key),
    ownerFirmId: demoId('firm', firstFirm.key),
    buyerOrgId: demoId('buyer', cluster.buyers[0].key),
  };
}
