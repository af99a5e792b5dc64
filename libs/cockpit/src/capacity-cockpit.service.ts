import { Injectable } from '@nestjs/common';
import { todayInChina, UnitOfWork } from '@vg/core';
import { assertWindow, ratio, toInt } from './cockpit-figures';
import {
  CapacityCellModel,
  CapacityGranularity,
  CockpitCapacityModel,
  IdleCapacityModel,
  ProcessLabelModel,
  ProcessUtilisationModel,
} from './dto/cockpit-capacity.models';

const MAX_DAYS: Record<CapacityGranularity, number> = { DAY: 92, WEEK: 371 };

/** Listed against booked capacity of a park, per process and day or week, and what is idle today: three queries. */
@Injectable()
export class CapacityCockpitService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async capacity(
    parkId: string,
    from: string,
    to: string,
    granularity: CapacityGranularity,
  ): Promise<CockpitCapacityModel> {
    assertWindow(from, to, MAX_DAYS[granularity]);
    const today = todayInChina();
    const manager = this.unitOfWork.manager;
    const [cells, idle, labels] = await Promise.all([
      manager.query(
        // Periods by date arithmetic (cheap per row): a week is the days since a known Monday, modulo 7.
        `SELECT process_code, to_char(period, 'YYYY-MM-DD') AS period, listed::text, booked::text,
                COALESCE(ROUND(booked::numeric / NULLIF(listed, 0), 4), 0.0000)::text AS utilisation
           FROM (SELECT process_code, date - (((date - DATE '2000-01-03') % $4::int) + $4::int) % $4::int AS period,
                        SUM(capacity)::bigint AS listed, SUM(booked)::bigint AS booked
                   FROM capacity_slots
                  WHERE park_id = $1 AND date BETWEEN $2 AND $3
                  GROUP BY 1, 2) AS periods
          ORDER BY 1, 2`,
        [parkId, from, to, granularity === CapacityGranularity.WEEK ? 7 : 1],
      ) as Promise<{ process_code: string; period: string; listed: string; booked: string; utilisation: string }[]>,
      manager.query(
        `SELECT process_code, SUM(capacity)::bigint AS listed, SUM(booked)::bigint AS booked,
                COUNT(DISTINCT firm_id) FILTER (WHERE capacity > booked)::int AS firms
           FROM capacity_slots WHERE park_id = $1 AND date = $2
          GROUP BY 1 ORDER BY 1`,
        [parkId, today],
      ) as Promise<{ process_code: string; listed: string; booked: string; firms: number }[]>,
      manager.query(
        `SELECT code, name_zh, name_en FROM processes WHERE park_id IS NULL OR park_id = $1 ORDER BY code`,
        [parkId],
      ) as Promise<{ code: string; name_zh: string; name_en: string }[]>,
    ]);
    const totals = new Map<string, { listed: number; booked: number }>();
    for (const cell of cells) {
      const total = totals.get(cell.process_code) ?? { listed: 0, booked: 0 };
      total.listed += toInt(cell.listed);
      total.booked += toInt(cell.booked);
      totals.set(cell.process_code, total);
    }
    const used = new Set([...totals.keys(), ...idle.map((row) => row.process_code)]);
    return Object.assign(new CockpitCapacityModel(), {
      parkId,
      from,
      to,
      granularity,
      today,
      cells: cells.map((cell) =>
        Object.assign(new CapacityCellModel(), {
          processCode: cell.process_code,
          period: cell.period,
          listed: toInt(cell.listed),
          booked: toInt(cell.booked),
          utilisation: cell.utilisation,
        }),
      ),
      byProcess: [...totals.entries()].map(([processCode, total]) =>
        Object.assign(new ProcessUtilisationModel(), {
          processCode,
          ...total,
          utilisation: ratio(total.booked, total.listed),
        }),
      ),
      idleNow: idle.map((row) =>
        Object.assign(new IdleCapacityModel(), {
          processCode: row.process_code,
          listed: toInt(row.listed),
          booked: toInt(row.booked),
          idle: toInt(row.listed) - toInt(row.booked),
          firmsWithIdleCapacity: row.firms,
        }),
      ),
      processes: labels
        .filter((label) => used.has(label.code))
        .map((label) =>
          Object.assign(new ProcessLabelModel(), { code: label.code, nameZh: label.name_zh, nameEn: label.name_en }),
        ),
    });
  }
}
