import { Injectable } from '@nestjs/common';
import { mayRead, notFound, Principal, Resource, toModel, UnitOfWork } from '@vg/core';
import { latestPublishedGrades } from '@vg/evaluation';
import { firmNames } from '@vg/firms';
import { currentMemberStages, everMemberFirmIds, groupRef, membersStayingAfter } from '@vg/groups';
import { liveUnitsByFirm } from '@vg/matching';
import { orderIdsPreferringGroup } from '@vg/orders';
import { currentWindow, lastDayOf, outputOfFirmsByMonth, upliftQuery } from '@vg/output';
import { monthIndex, monthOfIndex } from './cockpit-figures';
import { PublishedRoundRefModel } from './dto/cockpit-evaluation.models';
import { OutputMonthModel } from './dto/cockpit-output.models';
import {
  GradeCountModel,
  GroupMemberPerformanceModel,
  GroupOrdersModel,
  GroupPerformanceModel,
  GroupTotalsModel,
} from './dto/group-performance.models';

interface MemberRow {
  firm_id: string;
  joined_on: string;
  baseline: string | null;
  current: string | null;
  added: string | null;
  uplift_percent: string | null;
  platform: string;
  not_covered_reason: string | null;
}

interface TotalsRow {
  members: number;
  covered: number;
  current: string;
  platform: string;
  baseline: string;
  added: string;
  uplift: string | null;
  average: string | null;
}

/**
 * A virtual group reported as a whole and per member: output and uplift measured from each member's joining the
 * group (output's uplift statement, over the members groups names), classes in the latest published evaluation
 * (evaluation's), and the orders posted to the group (orders' and matching's). A fixed number of set-based
 * statements, whatever the number of members.
 */
@Injectable()
export class GroupPerformanceService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async performance(principal: Principal, groupId: string, asOfMonth?: string | null): Promise<GroupPerformanceModel> {
    const manager = this.unitOfWork.manager;
    const group = await groupRef(manager, groupId);
    if (!group || !mayRead(principal, Resource.PARK, { parkIds: [group.parkId] })) throw notFound('Virtual group');
    const window = currentWindow(asOfMonth ?? undefined);
    const members = await membersStayingAfter(manager, groupId, lastDayOf(window.to));
    const firmIds = members.map((member) => member.firmId);
    const [perMember, parameters] = upliftQuery(members, window);
    const [rows, [totals], names, stages, published, months, orderIds, everMembers] = await Promise.all([
      manager.query(perMember, parameters) as Promise<MemberRow[]>,
      manager.query(
        `WITH per_firm AS (${perMember})
         SELECT COUNT(*)::int AS members,
                COUNT(*) FILTER (WHERE not_covered_reason IS NULL)::int AS covered,
                COALESCE(SUM(current), 0)::text AS current,
                COALESCE(SUM(platform), 0)::text AS platform,
                COALESCE(SUM(baseline) FILTER (WHERE not_covered_reason IS NULL), 0)::text AS baseline,
                COALESCE(SUM(added), 0)::text AS added,
                round(100 * SUM(added) / NULLIF(SUM(baseline) FILTER (WHERE not_covered_reason IS NULL), 0), 4)::text
                  AS uplift,
                round(AVG(100 * (current - baseline) / baseline) FILTER (WHERE not_covered_reason IS NULL), 4)::text
                  AS average
           FROM per_firm`,
        parameters,
      ) as Promise<TotalsRow[]>,
      firmNames(manager, firmIds),
      currentMemberStages(manager, groupId),
      latestPublishedGrades(manager, group.parkId, firmIds),
      outputOfFirmsByMonth(manager, firmIds, `${window.from}-01`, `${window.to}-01`),
      orderIdsPreferringGroup(manager, groupId),
      everMemberFirmIds(manager, groupId),
    ]);
    const units = [...(await liveUnitsByFirm(manager, orderIds))];
    const byName = [...names.keys()];
    const memberRows = [...rows].sort((a, b) => byName.indexOf(a.firm_id) - byName.indexOf(b.firm_id));
    const grades = new Map<string, number>();
    for (const { grade } of published.grades.values()) if (grade) grades.set(grade, (grades.get(grade) ?? 0) + 1);
    return toModel(GroupPerformanceModel, {
      groupId,
      parkId: group.parkId,
      name: group.name,
      currentFrom: window.from,
      currentTo: window.to,
      totals: toModel(GroupTotalsModel, {
        members: totals.members,
        coveredMembers: totals.covered,
        currentOutput: totals.current,
        platformOutput: totals.platform,
        baselineOutput: totals.baseline,
        addedOutput: totals.added,
        upliftPercent: totals.uplift,
        averageUpliftPercent: totals.average,
      }),
      members: memberRows.map((member) => {
        const result = published.grades.get(member.firm_id);
        return toModel(GroupMemberPerformanceModel, {
          firmId: member.firm_id,
          firmName: names.get(member.firm_id) ?? '',
          stages: stages.get(member.firm_id) ?? [],
          joinedOn: member.joined_on,
          currentOutput: member.current,
          baselineOutput: member.baseline,
          addedOutput: member.added,
          upliftPercent: member.uplift_percent,
          platformOutput: member.platform,
          covered: member.not_covered_reason === null,
          notCoveredReason: member.not_covered_reason,
          grade: result?.grade ?? null,
          score: result?.score ?? null,
        });
      }),
      months: Array.from({ length: monthIndex(window.to) - monthIndex(window.from) + 1 }, (_, offset) => {
        const month = monthOfIndex(monthIndex(window.from) + offset);
        const row = months.find((candidate) => candidate.month === month);
        return toModel(OutputMonthModel, {
          month,
          outputValue: row?.outputValue ?? '0.00',
          platformOutput: row?.platformOutput ?? '0.00',
        });
      }),
      // The round the members’ classes come from; none without members.
      round: published.round && members.length ? PublishedRoundRefModel.from(published.round) : null,
      grades: [...grades.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([grade, firms]) => toModel(GradeCountModel, { grade, firms })),
      orders: toModel(GroupOrdersModel, {
        posted: orderIds.length,
        piecesInsideGroup: String(units.filter(([firm]) => everMembers.has(firm)).reduce((sum, [, n]) => sum + n, 0)),
        piecesOutsideGroup: String(units.filter(([firm]) => !everMembers.has(firm)).reduce((sum, [, n]) => sum + n, 0)),
      }),
    });
  }
}
