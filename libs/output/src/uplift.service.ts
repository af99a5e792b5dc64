import { Injectable } from '@nestjs/common';
import { administeredParkId, mayRead, notFound, PageArgs, Principal, Resource, toModel, UnitOfWork } from '@vg/core';
import { firmsJoined, readableFirm } from '@vg/firms';
import { groupRef, memberJoined, membersStayingAfter } from '@vg/groups';
import { MonthlyOutputRecordModel } from './dto/figures.models';
import {
  FirmUpliftModel,
  PlatformMonthModel,
  UpliftScopeArgs,
  UpliftSummaryModel,
  UpliftTraceModel,
} from './dto/uplift.models';
import { firstDayOf } from './month';
import { MonthlyOutputEntity } from './monthly-output.entity';
import { paginateSql } from './sql-page';
import { currentWindow, lastDayOf, UpliftMember, upliftQuery, Window } from './uplift-statement';

/** Whose uplift: a park's firms (from joining the platform) or a group's members (from joining the group). */
type Scope = { kind: 'park'; parkId: string } | { kind: 'group'; groupId: string };

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
 * Output-value uplift, computed in SQL over the monthly records and the platform-output facts, exactly (numeric)
 * and set-based: one statement for a whole park or group. Each figure can be traced to its records (`trace`).
 */
@Injectable()
export class UpliftService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async firm(principal: Principal, firmId: string, asOfMonth?: string, groupId?: string): Promise<FirmUpliftModel> {
    const member = await this.firmMember(principal, firmId, groupId);
    const window = currentWindow(asOfMonth);
    const [row]: UpliftRow[] = await this.unitOfWork.manager.query(...upliftQuery([member], window));
    return toFirmUplift(row, window);
  }

  async summary(principal: Principal, args: UpliftScopeArgs): Promise<UpliftSummaryModel> {
    const scope = await this.scopeOf(principal, args);
    const window = currentWindow(args.asOfMonth);
    const [select, parameters] = upliftQuery(await this.membersOf(scope, window), window);
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
    return toModel(UpliftSummaryModel, {
      parkId: scope.kind === 'park' ? scope.parkId : null,
      groupId: scope.kind === 'group' ? scope.groupId : null,
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

  async firms(principal: Principal, args: UpliftScopeArgs, page: PageArgs) {
    const scope = await this.scopeOf(principal, args);
    const window = currentWindow(args.asOfMonth);
    const [select, parameters] = upliftQuery(await this.membersOf(scope, window), window);
    const filtered = args.coveredOnly
      ? `SELECT * FROM (${select}) AS all_firms WHERE not_covered_reason IS NULL`
      : select;
    const result = await paginateSql<UpliftRow>(this.unitOfWork.manager, filtered, parameters, page, 'firm_id');
    return { ...result, nodes: result.nodes.map((row) => toFirmUplift(row, window)) };
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
        `SELECT to_char(month, 'YYYY-MM') AS month, SUM(value)::text AS amount, COUNT(*)::int AS deliveries
           FROM platform_output_facts
          WHERE firm_id = $1 AND month BETWEEN $2::date AND $3::date
          GROUP BY 1 ORDER BY 1`,
        [firmId, firstDayOf(uplift.currentFrom), firstDayOf(uplift.currentTo)],
      ) as Promise<{ month: string; amount: string; deliveries: number }[]>,
    ]);
    return toModel(UpliftTraceModel, {
      uplift,
      baselineRecords: baseline.map(MonthlyOutputRecordModel.from),
      currentRecords: current.map(MonthlyOutputRecordModel.from),
      platformMonths: platform.map((row) =>
        toModel(PlatformMonthModel, { month: row.month, amount: row.amount, allocations: row.deliveries }),
      ),
    });
  }

  /** The firm (its figures readable by the caller), measured from joining the platform or the named group. */
  private async firmMember(principal: Principal, firmId: string, groupId?: string): Promise<UpliftMember> {
    const firm = await readableFirm(this.unitOfWork.manager, principal, firmId);
    if (!groupId) {
      // A registered firm that has not joined the platform has no uplift.
      if (!firm.joinedOn) throw notFound('Platform member');
      return { firmId: firm.id, joinedOn: firm.joinedOn };
    }
    const group = await groupRef(this.unitOfWork.manager, groupId);
    if (group?.parkId !== firm.parkId) throw notFound('Group');
    const member = await memberJoined(this.unitOfWork.manager, groupId, firm.id);
    if (!member) throw notFound('Group member');
    return member;
  }

  /** A group the caller's park holds (and that belongs to the named park, if any), else the caller's park. */
  private async scopeOf(principal: Principal, args: UpliftScopeArgs): Promise<Scope> {
    if (!args.groupId) return { kind: 'park', parkId: administeredParkId(principal, args.parkId) };
    const group = await groupRef(this.unitOfWork.manager, args.groupId);
    const reachable = group && mayRead(principal, Resource.PARK, { parkIds: [group.parkId] });
    if (!group || !reachable || (args.parkId && args.parkId !== group.parkId)) throw notFound('Group');
    return { kind: 'group', groupId: group.id };
  }

  /** A park's firms from their joining the platform; a group's members still in it after the window, from joining it. */
  private membersOf(scope: Scope, window: Window): Promise<UpliftMember[]> {
    return scope.kind === 'park'
      ? firmsJoined(this.unitOfWork.manager, { parkId: scope.parkId })
      : membersStayingAfter(this.unitOfWork.manager, scope.groupId, lastDayOf(window.to));
  }
}

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

function toFirmUplift(row: UpliftRow, window: Window): FirmUpliftModel {
  return toModel(FirmUpliftModel, {
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
