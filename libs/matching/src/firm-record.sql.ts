/**
 * The SQL both engines' loaders share, so a firm's record and group memberships mean the same in a quote and a
 * re-plan. Each selects `firm_id` plus the named columns, grouped by firm, for the firms `firmFilter` admits.
 */

/** On-time share of a firm's delivered shares, and the defect-free share of the pieces it delivered. */
export const deliveryRecordsSql = (firmFilter: string) => `
  SELECT a.firm_id, AVG(CASE WHEN a.delivered_on <= a.last_day THEN 1 ELSE 0 END) AS on_time,
         1 - SUM(a.defect_units)::numeric / NULLIF(SUM(a.units_delivered), 0) AS quality
    FROM allocations a
   WHERE a.status = 'DELIVERED' AND ${firmFilter.replaceAll('{firm}', 'a.firm_id')}
   GROUP BY a.firm_id`;

/** The active virtual groups a firm is a current member of. */
export const activeMembershipsSql = (firmFilter: string) => `
  SELECT m.firm_id, array_agg(DISTINCT m.group_id::text) AS group_ids
    FROM group_members m
    JOIN virtual_groups vg ON vg.id = m.group_id AND vg.status = 'ACTIVE'
   WHERE m.left_on IS NULL AND ${firmFilter.replaceAll('{firm}', 'm.firm_id')}
   GROUP BY m.firm_id`;
