import { firstDayOf, lastCompleteMonth, monthLabel, monthNumber } from './month';

/** A firm whose uplift is measured, from the day it joined (the platform, or a group). */
export interface UpliftMember {
  firmId: string;
  /** `YYYY-MM-DD` */
  joinedOn: string;
}

export interface Window {
  from: string;
  to: string;
}

/** The 12 months ending with `asOfMonth` (default: the last complete month). */
export function currentWindow(asOfMonth?: string): Window {
  const to = asOfMonth ?? lastCompleteMonth();
  return { from: monthLabel(monthNumber(to) - 11), to };
}

/** The last day of a `YYYY-MM` month. */
export function lastDayOf(month: string): string {
  const next = monthLabel(monthNumber(month) + 1);
  return new Date(Date.parse(`${next}-01T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * One row per member: windows, sums, coverage and the derived figures, over the monthly records and the
 * platform-output facts, exactly (numeric) and set-based — one statement for a whole park or group, which read
 * models may aggregate further. Parameters $1/$2 are the current window's first days; $3/$4 the members.
 */
export function upliftQuery(members: readonly UpliftMember[], window: Window): [string, unknown[]] {
  const select = `
    WITH members AS (SELECT * FROM unnest($3::uuid[], $4::date[]) AS m(firm_id, joined_on)),
    windows AS (
      SELECT firm_id, joined_on,
             (date_trunc('month', joined_on) - interval '12 months')::date AS baseline_from,
             (date_trunc('month', joined_on) - interval '1 month')::date AS baseline_to
        FROM members),
    sums AS (
      SELECT w.firm_id,
             SUM(o.output_value) FILTER (WHERE o.month BETWEEN w.baseline_from AND w.baseline_to) AS baseline,
             COUNT(o.id) FILTER (WHERE o.month BETWEEN w.baseline_from AND w.baseline_to)::int AS baseline_months,
             SUM(o.output_value) FILTER (WHERE o.month BETWEEN $1::date AND $2::date) AS current,
             COUNT(o.id) FILTER (WHERE o.month BETWEEN $1::date AND $2::date)::int AS current_months
        FROM windows w
        LEFT JOIN firm_monthly_output o
          ON o.firm_id = w.firm_id AND o.superseded_at IS NULL AND o.audit_state <> 'RETURNED'
         AND (o.month BETWEEN w.baseline_from AND w.baseline_to OR o.month BETWEEN $1::date AND $2::date)
       GROUP BY w.firm_id),
    platform AS (
      SELECT p.firm_id, SUM(p.value) AS platform
        FROM platform_output_facts p
       WHERE p.firm_id IN (SELECT firm_id FROM members) AND p.month BETWEEN $1::date AND $2::date
       GROUP BY p.firm_id),
    measured AS (
      SELECT w.firm_id, w.joined_on, w.baseline_from, w.baseline_to, s.baseline_months, s.current_months,
             s.baseline, s.current, COALESCE(p.platform, 0) AS platform,
             CASE WHEN w.baseline_to >= $1::date THEN 'JOINED_WITHIN_CURRENT_WINDOW'
                  WHEN s.baseline_months < 12 THEN 'INCOMPLETE_BASELINE'
                  WHEN s.current_months < 12 THEN 'INCOMPLETE_CURRENT'
                  WHEN s.baseline <= 0 THEN 'ZERO_BASELINE' END AS not_covered_reason
        FROM windows w JOIN sums s USING (firm_id) LEFT JOIN platform p USING (firm_id))
    SELECT firm_id, to_char(joined_on, 'YYYY-MM-DD') AS joined_on,
           to_char(baseline_from, 'YYYY-MM') AS baseline_from, to_char(baseline_to, 'YYYY-MM') AS baseline_to,
           baseline_months, current_months, baseline, current, platform, not_covered_reason,
           CASE WHEN not_covered_reason IS NULL THEN current - baseline END AS added,
           CASE WHEN not_covered_reason IS NULL THEN round(100 * (current - baseline) / baseline, 4) END AS uplift_percent,
           CASE WHEN current > 0 THEN round(100 * platform / current, 4) END AS platform_share_percent
      FROM measured`;
  return [
    select,
    [
      firstDayOf(window.from),
      firstDayOf(window.to),
      members.map((member) => member.firmId),
      members.map((member) => member.joinedOn),
    ],
  ];
}
