import { EntityManager } from 'typeorm';

/**
 * Output summed over many firms and months, for read models that report a park or a group (the cockpit): the
 * recorded monthly output (current versions not returned by a reviewer) and the platform-attributed output, each in
 * one statement. Months are given by their first day and answered as `YYYY-MM`.
 */

/**
 * The park's recorded output per month and per label the caller gives each firm (e.g. its industry group);
 * firms without a label are left out.
 */
export function recordedOutputByLabel(
  manager: EntityManager,
  parkId: string,
  fromDay: string,
  toDay: string,
  labels: { firmId: string; label: string }[],
): Promise<{ month: string; label: string; outputValue: string }[]> {
  return manager.query(
    `SELECT to_char(o.month, 'YYYY-MM') AS month, f.label, SUM(o.output_value)::text AS "outputValue"
       FROM firm_monthly_output o JOIN unnest($4::uuid[], $5::text[]) AS f(firm_id, label) ON f.firm_id = o.firm_id
      WHERE o.park_id = $1 AND o.month BETWEEN $2::date AND $3::date
        AND o.superseded_at IS NULL AND o.audit_state <> 'RETURNED'
      GROUP BY o.month, f.label
      ORDER BY 1, 2`,
    [parkId, fromDay, toDay, labels.map((row) => row.firmId), labels.map((row) => row.label)],
  );
}

/** The park's platform output per month (`processCode` null) and per month and process of the delivered stage. */
export function platformOutputByMonthAndProcess(
  manager: EntityManager,
  parkId: string,
  fromDay: string,
  toDay: string,
): Promise<{ month: string; processCode: string | null; platformOutput: string }[]> {
  return manager.query(
    `SELECT to_char(month, 'YYYY-MM') AS month,
            CASE WHEN GROUPING(process_code) = 0 THEN process_code END AS "processCode",
            SUM(value)::text AS "platformOutput"
       FROM platform_output_facts
      WHERE park_id = $1 AND month BETWEEN $2::date AND $3::date
      GROUP BY GROUPING SETS ((month), (month, process_code))
      ORDER BY 1, 2 NULLS FIRST`,
    [parkId, fromDay, toDay],
  );
}

/** The recorded and the platform output of these firms together, per month that has either. */
export function outputOfFirmsByMonth(
  manager: EntityManager,
  firmIds: readonly string[],
  fromDay: string,
  toDay: string,
): Promise<{ month: string; outputValue: string | null; platformOutput: string | null }[]> {
  return manager.query(
    `SELECT to_char(month, 'YYYY-MM') AS month, SUM(recorded)::text AS "outputValue",
            SUM(platform)::text AS "platformOutput"
       FROM (SELECT month, output_value AS recorded, NULL::numeric AS platform FROM firm_monthly_output
              WHERE firm_id = ANY($1::uuid[]) AND month BETWEEN $2::date AND $3::date
                AND superseded_at IS NULL AND audit_state <> 'RETURNED'
             UNION ALL
             SELECT month, NULL, value FROM platform_output_facts
              WHERE firm_id = ANY($1::uuid[]) AND month BETWEEN $2::date AND $3::date) AS output
      GROUP BY month ORDER BY month`,
    [firmIds, fromDay, toDay],
  );
}
