import { loadListings } from '@vg/capacity';
import { hashPassword } from '@vg/identity';
import { loadParks } from '@vg/parks';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { DemoAnnualFigures, DemoCluster } from './demo-cluster';

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

const BATCH = 5_000;

async function insertRows(manager: EntityManager, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) {
    const batch = rows.slice(start, start + BATCH);
    const params: unknown[] = [];
    const tuples = batch.map((row) => `(${row.map((value) => `$${params.push(value)}`).join(', ')})`);
    await manager.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}

/** Typed arrays through unnest: one statement and a handful of parameters for tens of thousands of rows. */
async function insertColumns(
  manager: EntityManager,
  table: string,
  columns: [name: string, type: string][],
  rows: unknown[][],
  batch = 50_000,
): Promise<void> {
  for (let start = 0; start < rows.length; start += batch) {
    const slice = rows.slice(start, start + batch);
    await manager.query(
      `INSERT INTO ${table} (${columns.map(([name]) => name).join(', ')})
       SELECT * FROM unnest(${columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ')})`,
      columns.map((_, index) => slice.map((row) => row[index])),
    );
  }
}

/** Which bureau file each yearly figure comes from, and the generator's name for it. */
const ANNUAL_SOURCES: { fileType: string; kind: string; field: keyof DemoAnnualFigures }[] = [
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
  const fileTypes = [...new Set([...ANNUAL_SOURCES.map((source) => source.fileType), 'MONTHLY_OUTPUT'])];
  const parkIds = cluster.parks.map((park) => demoId('park', park.key));
  const firmsOfPark = (parkId: string) => cluster.firms.filter((firm) => firmPark.get(firm.key) === parkId).length;
  await insertColumns(
    manager,
    'import_jobs',
    [
      ['id', 'uuid'],
      ['park_id', 'uuid'],
      ['file_type', 'import_file_type'],
      ['format', 'import_format'],
      ['file_name', 'text'],
      ['content_hash', 'text'],
      ['byte_size', 'int'],
      ['state', 'import_job_state'],
      ['rows_total', 'int'],
      ['rows_processed', 'int'],
      ['created_by', 'uuid'],
      ['finished_at', 'timestamptz'],
    ],
    parkIds.flatMap((parkId) =>
      fileTypes.map((fileType) => {
        const rows =
          firmsOfPark(parkId) * (fileType === 'MONTHLY_OUTPUT' ? cluster.settings.years * 12 : cluster.settings.years);
        return [
          job(parkId, fileType),
          parkId,
          fileType,
          'XLSX',
          `demo-cluster-${fileType.toLowerCase()}.xlsx`,
          createHash('sha256').update(`demo:${cluster.settings.seed}:${parkId}:${fileType}`).digest('hex'),
          0,
          'SUCCEEDED',
          rows,
          rows,
          userId,
          new Date().toISOString(),
        ];
      }),
    ),
  );
  const provenance = (parkId: string, fileType: string) => [job(parkId, fileType), 'IMPORTED', 'APPROVED', userId];
  const provenanceColumns: [string, string][] = [
    ['import_job_id', 'uuid'],
    ['source', 'figure_source'],
    ['audit_state', 'audit_state'],
    ['entered_by', 'uuid'],
  ];
  await insertColumns(
    manager,
    'firm_monthly_output',
    [['firm_id', 'uuid'], ['park_id', 'uuid'], ['month', 'date'], ['output_value', 'numeric'], ...provenanceColumns],
    cluster.monthlyOutput.map((record) => {
      const parkId = firmPark.get(record.firmKey)!;
      return [
        demoId('firm', record.firmKey),
        parkId,
        `${record.month}-01`,
        record.outputValueYuan,
        ...provenance(parkId, 'MONTHLY_OUTPUT'),
      ];
    }),
  );
  await insertColumns(
    manager,
    'firm_annual_figures',
    [
      ['firm_id', 'uuid'],
      ['park_id', 'uuid'],
      ['year', 'smallint'],
      ['kind', 'annual_figure_kind'],
      ['value', 'numeric'],
      ...provenanceColumns,
    ],
    cluster.annualFigures.flatMap((figures) => {
      const parkId = firmPark.get(figures.firmKey)!;
      return ANNUAL_SOURCES.filter((source) => figures[source.field] !== null).map((source) => [
        demoId('firm', figures.firmKey),
        parkId,
        figures.year,
        source.kind,
        figures[source.field],
        ...provenance(parkId, source.fileType),
      ]);
    }),
  );
  await insertColumns(
    manager,
    'firm_year_sheets',
    [
      ['firm_id', 'uuid'],
      ['year', 'smallint'],
      ['park_id', 'uuid'],
      ['confirmed_at', 'timestamptz'],
      ['confirmed_by', 'uuid'],
    ],
    cluster.annualFigures.map((figures) => [
      demoId('firm', figures.firmKey),
      figures.year,
      firmPark.get(figures.firmKey),
      new Date().toISOString(),
      userId,
    ]),
  );
}

/**
 * Writes a generated cluster straight into the tables (set-based, a few thousand rows a statement): parks,
 * firms with their land, processes and scales, capacity listings with their daily slots, buyer organisations,
 * monthly output and yearly figures, and one demo user per role. Returns the ids a caller may need.
 */
export async function loadDemoCluster(dataSource: DataSource, cluster: DemoCluster) {
  const firstPark = cluster.parks[0];
  const firstFirm = cluster.firms.find((firm) => firm.parkKey === firstPark.key) ?? cluster.firms[0];
  const firmPark = new Map(cluster.firms.map((firm) => [firm.key, demoId('park', firm.parkKey)]));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const platformAdminId = demoId('user', DEMO_USERS.platformAdmin);
  await dataSource.transaction(async (manager) => {
    await loadParks(
      manager,
      cluster.parks.map((park) => ({ id: demoId('park', park.key), name: park.name, regionCode: park.regionCode })),
    );
    await insertRows(
      manager,
      'buyer_organisations',
      ['id', 'name'],
      cluster.buyers.map((buyer) => [demoId('buyer', buyer.key), buyer.name]),
    );
    await insertRows(
      manager,
      'firms',
      ['id', 'park_id', 'uscc', 'name', 'industry_code', 'industry_group', 'employees', 'address', 'joined_on'],
      cluster.firms.map((firm) => [
        demoId('firm', firm.key),
        firmPark.get(firm.key),
        firm.uscc,
        firm.name,
        firm.industryCode,
        firm.industryGroup,
        firm.employees,
        firm.address,
        firm.joinedOn,
      ]),
    );
    await insertRows(
      manager,
      'firm_processes',
      ['firm_id', 'park_id', 'process_code'],
      cluster.firms.flatMap((firm) =>
        firm.processes.map((code) => [demoId('firm', firm.key), firmPark.get(firm.key), code]),
      ),
    );
    await insertRows(
      manager,
      'firm_scales',
      ['firm_id', 'park_id', 'year', 'scale'],
      cluster.firms.flatMap((firm) =>
        Object.entries(firm.scaleByYear).map(([year, scale]) => [
          demoId('firm', firm.key),
          firmPark.get(firm.key),
          Number(year),
          scale,
        ]),
      ),
    );
    await insertRows(
      manager,
      'land_plots',
      ['id', 'firm_id', 'park_id', 'certificate_no', 'area_m2', 'tenure', 'lessor'],
      cluster.landPlots.map((plot) => [
        demoId('plot', plot.certificateNo),
        demoId('firm', plot.firmKey),
        firmPark.get(plot.firmKey),
        plot.certificateNo,
        plot.areaM2,
        plot.tenure,
        plot.lessor,
      ]),
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
    await insertRows(
      manager,
      'users',
      ['id', 'email', 'display_name', 'password_hash', 'role', 'park_id', 'firm_id', 'buyer_org_id'],
      [
        [platformAdminId, DEMO_USERS.platformAdmin, '平台管理员', passwordHash, 'PLATFORM_ADMIN', null, null, null],
        [
          demoId('user', DEMO_USERS.parkAdmin),
          DEMO_USERS.parkAdmin,
          '园区管理员',
          passwordHash,
          'PARK_ADMIN',
          demoId('park', firstPark.key),
          null,
          null,
        ],
        [
          demoId('user', DEMO_USERS.smeOwner),
          DEMO_USERS.smeOwner,
          firstFirm.ownerName,
          passwordHash,
          'SME_OWNER',
          firmPark.get(firstFirm.key),
          demoId('firm', firstFirm.key),
          null,
        ],
        [
          demoId('user', DEMO_USERS.buyer),
          DEMO_USERS.buyer,
          '采购员',
          passwordHash,
          'BUYER',
          null,
          null,
          demoId('buyer', cluster.buyers[0].key),
        ],
      ],
    );
    await loadFigures(manager, cluster, firmPark, platformAdminId);
  });
  return {
    parkId: demoId('park', firstPark.key),
    ownerFirmId: demoId('firm', firstFirm.key),
    buyerOrgId: demoId('buyer', cluster.buyers[0].key),
  };
}
