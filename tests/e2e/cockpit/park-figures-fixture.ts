import { evaluate, FirmYearInput, HUANGYAN_2022_SCHEME, storeComputation, StoredInput } from '@vg/evaluation';
import { todayInChina } from '@vg/core';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { uniqueUscc } from '../../support/unique';

/** The Huangyan 2022 scheme as seeded by the evaluation migration (every park may use it). */
const SEEDED_SCHEME_ID = '00000000-0000-4000-8000-0000000e2022';
const INDUSTRY_GROUPS = ['纺织服装', '皮革羽绒', '针织'];

export interface ParkFigures {
  firmIds: string[];
  /** The latest and the previous published rounds. */
  roundIds: { latest: string; previous: string };
  years: { latest: number; previous: number };
  /** Last complete month (the uplift window ends here), and the first month of the records. */
  lastMonth: string;
  firstMonth: string;
}

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOf = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

/** A small deterministic generator (the same park on every run). */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

async function insertRows(dataSource: DataSource, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += 2000) {
    const batch = rows.slice(start, start + 2000);
    const parameters: unknown[] = [];
    const tuples = batch.map((row) => `(${row.map((value) => `$${parameters.push(value)}`).join(', ')})`);
    await dataSource.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, parameters);
  }
}

/**
 * A park's figures as the other contexts store them, written straight to their tables: `count` firms with land,
 * 36 months of output (growing after each firm joined the platform), and two published evaluation rounds computed
 * by the real engine (so the explanations have the shape the published ones have).
 */
export async function seedParkFigures(
  dataSource: DataSource,
  parkId: string,
  count: number,
  options: { seed?: number } = {},
): Promise<ParkFigures> {
  const next = random(options.seed ?? 7);
  const lastMonth = monthOf(monthIndex(todayInChina().slice(0, 7)) - 1);
  const firstMonth = monthOf(monthIndex(lastMonth) - 35);
  const [{ id: userId }] = await dataSource.query(`SELECT id FROM users ORDER BY email LIMIT 1`);
  const firms = Array.from({ length: count }, (_, index) => {
    const suffix = String(index + 1).padStart(4, '0');
    // Joined between 26 and 14 months ago, so every firm has a full baseline and a full current year.
    const joinMonth = monthOf(monthIndex(lastMonth) - 14 - Math.floor(next() * 12));
    return {
      id: randomUUID(),
      name: `园区企业${suffix}`,
      industryGroup: INDUSTRY_GROUPS[index % INDUSTRY_GROUPS.length],
      joinedOn: `${joinMonth}-15`,
      baseMonthly: 200_000 + Math.floor(next() * 800_000),
      growth: -0.1 + next() * 0.5,
      areaM2: (2000 + Math.floor(next() * 30000)).toFixed(2),
      plotId: randomUUID(),
    };
  });
  await insertRows(
    dataSource,
    'firms',
    ['id', 'park_id', 'uscc', 'name', 'industry_code', 'industry_group', 'employees', 'address', 'joined_on'],
    firms.map((firm) => [
      firm.id,
      parkId,
      uniqueUscc(),
      firm.name,
      '18',
      firm.industryGroup,
      50,
      '临平区',
      firm.joinedOn,
    ]),
  );
  await insertRows(
    dataSource,
    'land_plots',
    ['id', 'firm_id', 'park_id', 'certificate_no', 'area_m2', 'tenure'],
    firms.map((firm, index) => [
      firm.plotId,
      firm.id,
      parkId,
      `浙(2023)不动产权第${String(100000 + index)}号-${firm.plotId.slice(0, 8)}`,
      firm.areaM2,
      'OWNED',
    ]),
  );
  const monthly: unknown[][] = [];
  for (const firm of firms) {
    const joined = monthIndex(firm.joinedOn.slice(0, 7));
    for (let month = monthIndex(firstMonth); month <= monthIndex(lastMonth); month++) {
      const seasonal = 1 + 0.15 * Math.sin((month % 12) / 1.9);
      const sinceJoining = month >= joined ? 1 + firm.growth * Math.min(1, (month - joined + 1) / 12) : 1;
      const value = (firm.baseMonthly * seasonal * sinceJoining).toFixed(2);
      monthly.push([firm.id, parkId, `${monthOf(month)}-01`, value, 'IMPORTED', 'APPROVED', userId]);
    }
  }
  await insertRows(
    dataSource,
    'firm_monthly_output',
    ['firm_id', 'park_id', 'month', 'output_value', 'source', 'audit_state', 'entered_by'],
    monthly,
  );
  const latestYear = Number(lastMonth.slice(0, 4)) - 1;
  const roundFor = async (year: number, drift: number) => {
    const inputs: FirmYearInput[] = firms.map((firm, index) => {
      const output = (firm.baseMonthly * 12) / 10_000;
      const tax = output * (0.02 + ((index * 37 + year + drift) % 17) / 300);
      return {
        firmId: firm.id,
        scale: 'above',
        hasOwnLand: true,
        figures: {
          taxPaid: tax.toFixed(4),
          industrialOutput: output.toFixed(4),
          valueAdded: (output * 0.25).toFixed(4),
          revenue: (output * 1.1).toFixed(4),
          rdSpending: (output * 0.02).toFixed(4),
          avgEmployees: '50',
          energyTce: (output * 0.05).toFixed(4),
          electricityWankwh: (output * 0.3).toFixed(4),
          landM2: firm.areaM2,
        },
      };
    });
    return publishRound(dataSource, parkId, year, inputs, userId, (firmId) => [
      firms.find((firm) => firm.id === firmId)!.plotId,
    ]);
  };
  const previous = await roundFor(latestYear - 1, 3);
  const latest = await roundFor(latestYear, 0);
  return {
    firmIds: firms.map((firm) => firm.id),
    roundIds: { latest, previous },
    years: { latest: latestYear, previous: latestYear - 1 },
    lastMonth,
    firstMonth,
  };
}

/** A round as the evaluation context publishes it: computed (results written), then published (now immutable). */
export async function publishRound(
  dataSource: DataSource,
  parkId: string,
  year: number,
  inputs: FirmYearInput[],
  userId: string,
  plotsOf: (firmId: string) => string[],
): Promise<string> {
  const result = evaluate(HUANGYAN_2022_SCHEME, inputs);
  return dataSource.transaction(async (manager) => {
    const [round] = await manager.query(
      `INSERT INTO evaluation_rounds (park_id, year, version, scheme_id, status, computed_at, firm_count, created_by)
       VALUES ($1, $2, 1, $3, 'COMPUTED', now(), $4, $5) RETURNING id, park_id AS "parkId"`,
      [parkId, year, SEEDED_SCHEME_ID, inputs.length, userId],
    );
    const stored: StoredInput[] = inputs.map((input) => ({
      input,
      origins: { landM2: { landPlotIds: plotsOf(input.firmId) } },
      sheetConfirmed: true,
    }));
    const computationId = await storeComputation(manager, round, result.firms, stored);
    await manager.query(
      `UPDATE evaluation_rounds SET status = 'PUBLISHED', computation_id = $3, published_at = now(), published_by = $2
        WHERE id = $1`,
      [round.id, userId, computationId],
    );
    return round.id as string;
  });
}
