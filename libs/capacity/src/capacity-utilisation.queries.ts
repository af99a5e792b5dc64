import { EntityManager } from 'typeorm';

/** A park's listed and booked capacity, for the cockpit: set-based sums over its slots. */

export interface PeriodCapacityRow {
  processCode: string;
  /** First day of the period, `YYYY-MM-DD`. */
  period: string;
  listed: string;
  booked: string;
  /** booked / listed to 4 decimals, 0 when nothing is listed. */
  utilisation: string;
}

/** Listed and booked capacity per process and period of `periodDays` (1: days; 7: weeks from Monday) on [from, to]. */
export function capacityByPeriod(
  manager: EntityManager,
  parkId: string,
  from: string,
  to: string,
  periodDays: 1 | 7,
): Promise<PeriodCapacityRow[]> {
  return manager.query(
    // Periods by date arithmetic (cheap per row): a week is the days since a known Monday, modulo 7.
    `SELECT process_code AS "processCode", to_char(period, 'YYYY-MM-DD') AS period, listed::text, booked::text,
            COALESCE(ROUND(booked::numeric / NULLIF(listed, 0), 4), 0.0000)::text AS utilisation
       FROM (SELECT process_code, date - (((date - DATE '2000-01-03') % $4::int) + $4::int) % $4::int AS period,
                    SUM(capacity)::bigint AS listed, SUM(booked)::bigint AS booked
               FROM capacity_slots
              WHERE park_id = $1 AND date BETWEEN $2 AND $3
              GROUP BY 1, 2) AS periods
      ORDER BY 1, 2`,
    [parkId, from, to, periodDays],
  );
}

export interface DayCapacityRow {
  processCode: string;
  listed: string;
  booked: string;
  /** Firms with some capacity left that day. */
  firmsWithFreeCapacity: number;
}

/** Listed and booked capacity per process on one day, with the firms that still have some free. */
export function capacityOnDay(manager: EntityManager, parkId: string, day: string): Promise<DayCapacityRow[]> {
  return manager.query(
    `SELECT process_code AS "processCode", SUM(capacity)::bigint AS listed, SUM(booked)::bigint AS booked,
            COUNT(DISTINCT firm_id) FILTER (WHERE capacity > booked)::int AS "firmsWithFreeCapacity"
       FROM capacity_slots WHERE park_id = $1 AND date = $2
      GROUP BY 1 ORDER BY 1`,
    [parkId, day],
  );
}
