import { Injectable } from '@nestjs/common';
import { badInput, notFound, PageArgs, Principal, Role, UnitOfWork } from '@vg/core';
import { EntityManager } from 'typeorm';
import { MonthlyOutputRecordModel } from './dto/figures.models';
import {
  FirmUpliftModel,
  PlatformMonthModel,
  UpliftScopeArgs,
  UpliftSummaryModel,
  UpliftTraceModel,
} from './dto/uplift.models';
import { readableFirm } from './firm-scope';
import { firstDayOf, lastCompleteMonth, monthLabel, monthNumber } from './month';
import { MonthlyOutputEntity } from './monthly-output.entity';
import { paginateSql } from './sql-page';

/** Whose uplift: the firms and the day each joined (the platform, or a group). */
export type Members =
  | { kind: 'park'; parkId: string }
  | { kind: 'group'; groupId: string }
  | { kind: 'firm'; firmId: string }
  | { kind: 'groupFirm'; groupId: string; firmId: string };

interface UpliftRow extends Record<string, unknown> {
  firm_id: string;
  joined_on: string;
  baseline_from: string;
  baseline_to: string;
  baseline_months: number;
  current_months: number;
  baseline: string | null;
  current: string | null;
  platform: string;
  not_covered_reason: string | null;
  added: string | null;
  uplift_percent: string | null;
  platform_share_percent: string | null;
}

/**
 * Output-value uplift, computed in SQL over the monthly records and the delivered allocations, exactly (numeric) and
 * set-based: one statement for a whole park or group. Each figure can be traced to its records (`trace`).
 */
@Injectable()
export class UpliftService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async firm(principal: Principal, firmId: string, asOfMonth?: string, groupId?: string): Promise<FirmUpliftModel> {
    const members = await this.firmMembers(principal, firmId, groupId);
    const window = currentWindow(asOfMonth);
    const rows = await this.unitOfWork.manager.query(...upliftQuery(members, window));
    if (!rows.length) throw notFound(groupId ? 'Group member' : 'Platform member');
    return toModel(rows[0], window);
  }

  async summary(principal: Principal, scope: UpliftScopeArgs): Promise<UpliftSummaryModel> {
    const members = await this.scopeMembers(principal, scope);
    const window = currentWindow(scope.asOfMonth);
    const [select, parameters] = upliftQuery(members, window);
    const [row] = await this.unitOfWork.manager.query(
      `SELECT COUNT(*)::int AS firms,
              COUNT(*) FILTER (WHERE not_covered_reason IS NULL)::int AS covered,
              round(AVG(100 * (current - baseline) / baseline) FILTER (WHERE not_covered_reason IS NULL), 4)::text AS average,
              COALESCE(SUM(current - baseline) FILTER (WHERE not_covered_reason IS NULL), 0)::text AS added,
              COALESCE(SUM(baseline) FILTER (WHERE not_covered_reason IS NULL), 0)::text AS baseline,
              COALESCE(SUM(current) FILTER (WHERE not_covered_reason IS NULL), 0)::text AS current,
              COALESCE(SUM(platform) FILTER (WHERE not_covered_reason IS NULL), 0)::text AS platform
         FROM (${select}) AS per_firm`,
      parameters,
    );
    return Object.assign(new UpliftSummaryModel(), {
      parkId: members.kind === 'park' ? members.parkId : null,
      groupId: members.kind === 'group' ? members.groupId : null,
      asOfMonth: window.to,
      firms: row.firms,
      coveredFirms: row.covered,
      averageUpliftPercent: row.average,
      totalAddedOutput: row.added,
      totalBaselineOutput: row.baseline,
      totalCurrentOutput: row.current,
      totalPlatformOutput: row.platform,
    });
  }

  async firms(principal: Principal, scope: UpliftScopeArgs, page: PageArgs) {
    const members = await this.scopeMembers(principal, scope);
    const window = currentWindow(scope.asOfMonth);
    const [select, parameters] = upliftQuery(members, window);
    const filtered = scope.coveredOnly
      ? `SELECT * FROM (${select}) AS all_firms WHERE not_covered_reason IS NULL`
      : select;
    const result = await paginateSql<UpliftRow>(this.unitOfWork.manager, filtered, parameters, page, 'firm_id');
    return { ...result, nodes: result.nodes.map((row) => toModel(row, window)) };
  }

  /** The monthly records and platform months one firm's uplift was computed from. */
  async trace(principal: Principal, firmId: string, asOfMonth?: string, groupId?: string): Promise<UpliftTraceModel> {
    const uplift = await this.firm(principal, firmId, asOfMonth, groupId);
    const manager = this.unitOfWork.manager;
    const records = (from: string, to: string) =>
      manager
        .createQueryBuilder(MonthlyOutputEntity, 'record')
        .where(`record.firm_id = :firmId AND record.superseded_at IS NULL AND record.audit_state <> 'RETURNED'`, {
          firmId,
        })
        .andWhere('record.month BETWEEN :from AND :to', { from: firstDayOf(from), to: firstDayOf(to) })
        .orderBy('record.month', 'ASC')
        .getMany();
    const [baseline, current, platform] = await Promise.all([
      records(uplift.baselineFrom, uplift.baselineTo),
      records(uplift.currentFrom, uplift.currentTo),
      manager.query(
        `SELECT to_char(delivered_on, 'YYYY-MM') AS month, SUM(units_delivered * unit_price)::text AS amount,
                COUNT(*)::int AS allocations
           FROM allocations
          WHERE firm_id = $1 AND status = 'DELIVERED'
            AND delivered_on >= $2::date AND delivered_on < ($3::date + interval '1 month')
          GROUP BY 1 ORDER BY 1`,
        [firmId, firstDayOf(uplift.currentFrom), firstDayOf(uplift.currentTo)],
      ) as Promise<{ month: string; amount: string; allocations: number }[]>,
    ]);
    return Object.assign(new UpliftTraceModel(), {
      uplift,
      baselineRecords: baseline.map(MonthlyOutputRecordModel.from),
      currentRecords: current.map(MonthlyOutputRecordModel.from),
      platformMonths: platform.map((row) => Object.assign(new PlatformMonthModel(), row)),
    });
  }

  private async firmMembers(principal: Principal, firmId: string, groupId?: string): Promise<Members> {
    const firm = await readableFirm(this.unitOfWork.manager, principal, firmId);
    if (!groupId) return { kind: 'firm', firmId: firm.id };
    const group = await groupPark(this.unitOfWork.manager, groupId);
    if (group !== firm.parkId) throw notFound('Group');
    return { kind: 'groupFirm', groupId, firmId: firm.id };
  }

  private async scopeMembers(principal: Principal, scope: UpliftScopeArgs): Promise<Members> {
    if (principal.role !== Role.PARK_ADMIN && principal.role !== Role.PLATFORM_ADMIN) throw notFound('Park');
    if (scope.groupId) {
      const parkId = await groupPark(this.unitOfWork.manager, scope.groupId);
      const reachable = principal.role === Role.PLATFORM_ADMIN || parkId === principal.parkId;
      if (!parkId || !reachable || (scope.parkId && scope.parkId !== parkId)) throw notFound('Group');
      return { kind: 'group', groupId: scope.groupId };
    }
    if (principal.role === Role.PARK_ADMIN) {
      if (scope.parkId && scope.parkId !== principal.parkId) throw notFound('Park');
      return { kind: 'park', parkId: principal.parkId! };
    }
    if (!scope.parkId) throw badInput('parkId', 'Name a park or a group');
    return { kind: 'park', parkId: scope.parkId };
  }
}

async function groupPark(manager: EntityManager, groupId: string): Promise<string | null> {
  const [group] = await manager.query('SELECT park_id FROM virtual_groups WHERE id = $1', [groupId]);
  return group?.park_id ?? null;
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

/**
 * The members' joining days: the platform's for a park or a firm (a registered firm that has not joined the platform
 * has no uplift), the group's (first membership) for a group.
 */
function membersSql(members: Members): [string, unknown[]] {
  switch (members.kind) {
    case 'park':
      return [
        'SELECT id AS firm_id, joined_on FROM firms WHERE park_id = $3 AND joined_on IS NOT NULL',
        [members.parkId],
      ];
    case 'firm':
      return ['SELECT id AS firm_id, joined_on FROM firms WHERE id = $3 AND joined_on IS NOT NULL', [members.firmId]];
    case 'group':
      return [
        `SELECT firm_id, MIN(joined_on) AS joined_on FROM group_members
          WHERE group_id = $3 AND (left_on IS NULL OR left_on > ($2::date + interval '1 month' - interval '1 day'))
          GROUP BY firm_id`,
        [members.groupId],
      ];
    case 'groupFirm':
      return [
        `SELECT firm_id, MIN(joined_on) AS joined_on FROM group_members
          WHERE group_id = $3 AND firm_id = $4 GROUP BY firm_id`,
        [members.groupId, members.firmId],
      ];
  }
}

/**
 * One row per member: windows, sums, coverage and the derived figures. Parameters $1/$2 are the current window's
 * first days; $3.. the members'.
 */
export function upliftQuery(members: Members, window: Window): [string, unknown[]] {
  const [membersSelect, memberParameters] = membersSql(members);
  const select = `
    WITH members AS (${membersSelect}),
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
      SELECT a.firm_id, SUM(a.units_delivered * a.unit_price) AS platform
        FROM allocations a
       WHERE a.firm_id IN (SELECT firm_id FROM members) AND a.status = 'DELIVERED'
         AND a.delivered_on >= $1::date AND a.delivered_on < ($2::date + interval '1 month')
       GROUP BY a.firm_id),
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
  return [select, [firstDayOf(window.from), firstDayOf(window.to), ...memberParameters]];
}

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function toModel(row: UpliftRow, window: Window): FirmUpliftModel {
  return Object.assign(new FirmUpliftModel(), {
    firmId: row.firm_id,
    joinedOn: row.joined_on,
    baselineFrom: row.baseline_from,
    baselineTo: row.baseline_to,
    currentFrom: window.from,
    currentTo: window.to,
    baselineMonths: row.baseline_months,
    currentMonths: row.current_months,
    baselineOutput: text(row.baseline),
    currentOutput: text(row.current),
    addedOutput: text(row.added),
    upliftPercent: text(row.uplift_percent),
    platformOutput: text(row.platform) ?? '0',
    platformSharePercent: text(row.platform_share_percent),
    covered: row.not_covered_reason === null,
    notCoveredReason: row.not_covered_reason,
  });
}
