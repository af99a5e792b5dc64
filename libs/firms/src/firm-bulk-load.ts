import { EntityManager } from 'typeorm';
import { FirmScale } from './firm-scale.entity';
import { LandTenure } from './land-plot.entity';

/** A firm as a bulk load (the demo cluster) gives it, with the processes it can do and its scale per year. */
export interface FirmToLoad {
  id: string;
  parkId: string;
  uscc: string;
  name: string;
  industryCode: string;
  industryGroup: string;
  employees: number | null;
  address: string | null;
  /** `YYYY-MM-DD` */
  joinedOn: string | null;
  /** The production site, WGS-84 degrees to 6 decimals; null when unknown. */
  siteLatitude: string | null;
  siteLongitude: string | null;
  /** The town or subdistrict of the site, as a supplier profile shows it. */
  siteTown: string | null;
  processCodes: string[];
  scaleByYear: Record<number, FirmScale | `${FirmScale}`>;
}

/** A plot as a bulk load gives it, in m² (2 decimals) as on its certificate. */
export interface LandPlotToLoad {
  id: string;
  firmId: string;
  parkId: string;
  certificateNo: string;
  areaM2: string;
  tenure: LandTenure | `${LandTenure}`;
  lessor: string | null;
}

const BATCH = 50_000;

async function inBatches<T>(rows: T[], load: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) await load(rows.slice(start, start + BATCH));
}

/** Writes many firms at once, with their processes and scales: typed arrays through `unnest`, a few statements. */
export async function loadFirms(manager: EntityManager, firms: FirmToLoad[]): Promise<void> {
  await inBatches(firms, (batch) =>
    manager.query(
      `INSERT INTO firms (id, park_id, uscc, name, industry_code, industry_group, employees, address, joined_on,
                          site_latitude, site_longitude, site_town)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::char(18)[], $4::varchar[], $5::char(2)[], $6::varchar[],
                            $7::int[], $8::varchar[], $9::date[], $10::numeric[], $11::numeric[], $12::varchar[])`,
      [
        batch.map((firm) => firm.id),
        batch.map((firm) => firm.parkId),
        batch.map((firm) => firm.uscc),
        batch.map((firm) => firm.name),
        batch.map((firm) => firm.industryCode),
        batch.map((firm) => firm.industryGroup),
        batch.map((firm) => firm.employees),
        batch.map((firm) => firm.address),
        batch.map((firm) => firm.joinedOn),
        batch.map((firm) => firm.siteLatitude),
        batch.map((firm) => firm.siteLongitude),
        batch.map((firm) => firm.siteTown),
      ],
    ),
  );
  const processes = firms.flatMap((firm) => firm.processCodes.map((code) => ({ firm, code })));
  await inBatches(processes, (batch) =>
    manager.query(
      `INSERT INTO firm_processes (firm_id, park_id, process_code)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::varchar[])`,
      [batch.map((row) => row.firm.id), batch.map((row) => row.firm.parkId), batch.map((row) => row.code)],
    ),
  );
  const scales = firms.flatMap((firm) =>
    Object.entries(firm.scaleByYear).map(([year, scale]) => ({ firm, year: Number(year), scale })),
  );
  await inBatches(scales, (batch) =>
    manager.query(
      `INSERT INTO firm_scales (firm_id, park_id, year, scale)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::smallint[], $4::firm_scale[])`,
      [
        batch.map((row) => row.firm.id),
        batch.map((row) => row.firm.parkId),
        batch.map((row) => row.year),
        batch.map((row) => row.scale),
      ],
    ),
  );
}

/** Writes many land plots at once, each area in m² as given. */
export async function loadLandPlots(manager: EntityManager, plots: LandPlotToLoad[]): Promise<void> {
  await inBatches(plots, (batch) =>
    manager.query(
      `INSERT INTO land_plots (id, firm_id, park_id, certificate_no, area_m2, tenure, lessor)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::varchar[], $5::numeric[], $6::land_tenure[],
                            $7::varchar[])`,
      [
        batch.map((plot) => plot.id),
        batch.map((plot) => plot.firmId),
        batch.map((plot) => plot.parkId),
        batch.map((plot) => plot.certificateNo),
        batch.map((plot) => plot.areaM2),
        batch.map((plot) => plot.tenure),
        batch.map((plot) => plot.lessor),
      ],
    ),
  );
}
