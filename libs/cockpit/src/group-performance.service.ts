import { Injectable } from '@nestjs/common';
import { notFound, Principal, Role, UnitOfWork } from '@vg/core';
import { currentWindow, upliftQuery } from '@vg/output';
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
import { latestPublishedRounds } from './published-results';

interface MemberRow {
  firm_id: string;
  name: string;
  stages: string[] | null;
  joined_on: string;
  baseline: string | null;
  current: string | null;
  added: string | null;
  uplift_percent: string | null;
  platform: string;
  not_covered_reason: string | null;
  grade: string | null;
  score: string | null;
  round_id: string | null;
  round_year: number | null;
  round_version: number | null;
  round_published_at: Date | null;
}

/**
 * A virtual group reported as a whole and per member: output and uplift measured from each member's joining the
 * group (the output context's uplift statement), classes in the latest published evaluation, and the orders posted
 * to the group. Five statements, whatever the number of members.
 */
@Injectable()
export class GroupPerformanceService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async performance(principal: Principal, groupId: string, asOfMonth?: string | null): Promise<GroupPerformanceModel> {
    const manager = this.unitOfWork.manager;
    const [group] = await manager.query(`SELECT id, park_id, name FROM virtual_groups WHERE id = $1`, [groupId]);
    const reachable =
      principal.role === Role.PLATFORM_ADMIN ||
      (principal.role === Role.PARK_ADMIN && group?.park_id === principal.parkId);
    if (!group || !reachable) throw notFound('Virtual group');
    const window = currentWindow(asOfMonth ?? undefined);
    const [perMember, parameters] = upliftQuery({ kind: 'group', groupId }, window);
    const park = `$${parameters.length + 1}`;
    const [members, [totals], months, [orders]] = await Promise.all([
      manager.query(
        `WITH per_firm AS (${perMember}),
         latest AS (SELECT * FROM (${latestPublishedRounds(park)}) AS rounds ORDER BY year DESC LIMIT 1)
         SELECT p.firm_id, f.name, p.joined_on, p.baseline::text, p.current::text, p.added::text,
                p.uplift_percent::text, p.platform::text, p.not_covered_reason,
                (SELECT array_agg(m.stage_process ORDER BY m.stage_process) FROM group_members m
                  WHERE m.group_id = $3 AND m.firm_id = p.firm_id AND m.left_on IS NULL) AS stages,
                r."class" AS grade, r.total::text AS score,
                latest.id AS round_id, latest.year AS round_year, latest.version AS round_version,
                latest.published_at AS round_published_at
           FROM per_firm p JOIN firms f ON f.id = p.firm_id
           LEFT JOIN latest ON true
           LEFT JOIN evaluation_results r ON r.round_id = latest.id AND r.firm_id = p.firm_id AND r.status = 'GRADED'
          ORDER BY f.name, p.firm_id`,
        [...parameters, group.park_id],
      ) as Promise<MemberRow[]>,
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
      ) as Promise<Record<string, string & number>[]>,
      manager.query(
        `WITH per_firm AS (${perMember})
         SELECT to_char(month, 'YYYY-MM') AS month, SUM(output_value)::text AS output_value, NULL AS platform
           FROM firm_monthly_output
          WHERE firm_id IN (SELECT firm_id FROM per_firm) AND month BETWEEN $1::date AND $2::date
            AND superseded_at IS NULL AND audit_state <> 'RETURNED'
          GROUP BY month
         UNION ALL
         SELECT to_char(date_trunc('month', delivered_on), 'YYYY-MM'), NULL, SUM(units_delivered * unit_price)::text
           FROM allocations
          WHERE firm_id IN (SELECT firm_id FROM per_firm) AND status = 'DELIVERED'
            AND delivered_on >= $1::date AND delivered_on < ($2::date + interval '1 month')
          GROUP BY date_trunc('month', delivered_on)`,
        parameters,
      ) as Promise<{ month: string; output_value: string | null; platform: string | null }[]>,
      manager.query(
        `SELECT COUNT(DISTINCT o.id)::int AS posted,
                COALESCE(SUM(a.units) FILTER (WHERE m.firm_id IS NOT NULL), 0)::text AS inside,
                COALESCE(SUM(a.units) FILTER (WHERE a.id IS NOT NULL AND m.firm_id IS NULL), 0)::text AS outside
           FROM orders o
           LEFT JOIN allocations a ON a.order_id = o.id AND a.status IN ('PROPOSED', 'ACCEPTED', 'DELIVERED')
           LEFT JOIN LATERAL (
             SELECT DISTINCT firm_id FROM group_members gm WHERE gm.group_id = $1 AND gm.firm_id = a.firm_id
           ) m ON true
          WHERE o.preferred_group_id = $1`,
        [groupId],
      ) as Promise<{ posted: number; inside: string; outside: string }[]>,
    ]);
    const first = members[0];
    const grades = new Map<string, number>();
    for (const member of members) if (member.grade) grades.set(member.grade, (grades.get(member.grade) ?? 0) + 1);
    return Object.assign(new GroupPerformanceModel(), {
      groupId,
      parkId: group.park_id,
      name: group.name,
      currentFrom: window.from,
      currentTo: window.to,
      totals: Object.assign(new GroupTotalsModel(), {
        members: totals.members,
        coveredMembers: totals.covered,
        currentOutput: totals.current,
        platformOutput: totals.platform,
        baselineOutput: totals.baseline,
        addedOutput: totals.added,
        upliftPercent: totals.uplift,
        averageUpliftPercent: totals.average,
      }),
      members: members.map((member) =>
        Object.assign(new GroupMemberPerformanceModel(), {
          firmId: member.firm_id,
          firmName: member.name,
          stages: member.stages ?? [],
          joinedOn: member.joined_on,
          currentOutput: member.current,
          baselineOutput: member.baseline,
          addedOutput: member.added,
          upliftPercent: member.uplift_percent,
          platformOutput: member.platform,
          covered: member.not_covered_reason === null,
          notCoveredReason: member.not_covered_reason,
          grade: member.grade,
          score: member.score,
        }),
      ),
      months: Array.from({ length: monthIndex(window.to) - monthIndex(window.from) + 1 }, (_, offset) => {
        const month = monthOfIndex(monthIndex(window.from) + offset);
        const rows = months.filter((row) => row.month === month);
        return Object.assign(new OutputMonthModel(), {
          month,
          outputValue: rows.find((row) => row.output_value !== null)?.output_value ?? '0.00',
          platformOutput: rows.find((row) => row.platform !== null)?.platform ?? '0.00',
        });
      }),
      round: first?.round_id
        ? Object.assign(new PublishedRoundRefModel(), {
            id: first.round_id,
            year: first.round_year,
            version: first.round_version,
            publishedAt: first.round_published_at,
          })
        : null,
      grades: [...grades.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([grade, firms]) => Object.assign(new GradeCountModel(), { grade, firms })),
      orders: Object.assign(new GroupOrdersModel(), {
        posted: orders.posted,
        piecesInsideGroup: orders.inside,
        piecesOutsideGroup: orders.outside,
      }),
    });
  }
}
