import { Injectable } from '@nestjs/common';
import { badInput, decodeCursor, encodeCursor, PageArgs, UnitOfWork } from '@vg/core';
import Decimal from 'decimal.js';
import { ratio } from './cockpit-figures';
import { latestPublishedRounds, TAX_PER_MU } from './published-results';
import {
  ClassCountModel,
  ClassMovementModel,
  CockpitEvaluationModel,
  LowEfficiencyLandModel,
  PublishedRoundRefModel,
} from './dto/cockpit-evaluation.models';

export const LOW_EFFICIENCY_CLASS = 'D';
/**
 * The land a result was graded on, from the stored input (far smaller to read than the explanation): exact mu as
 * given (rounds since land is kept in its own unit), or m² × 15 / 10000 exactly, as the engine derives it.
 */
const LAND_MU_OF_INPUT = `COALESCE((input->'input'->'figures'->>'landMu')::numeric,
                                  (input->'input'->'figures'->>'landM2')::numeric * 0.0015)`;

export type EvaluationParent = CockpitEvaluationModel & { latestRoundId: string | null };

/**
 * Class counts and land shares, the movement from the previous year, and the D-class land list, read from the
 * published results as stored (they never change): two statements, and one more for a page of the land list.
 */
@Injectable()
export class EvaluationCockpitService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async evaluation(parkId: string): Promise<EvaluationParent> {
    const manager = this.unitOfWork.manager;
    const [rounds, classes] = await Promise.all([
      manager.query(latestPublishedRounds(), [parkId]) as Promise<
        { id: string; year: number; version: number; published_at: Date | null }[]
      >,
      manager.query(
        `WITH rounds AS (${latestPublishedRounds()}),
         latest AS (
           SELECT firm_id, "class" AS grade,
                  ${LAND_MU_OF_INPUT} AS land_mu
             FROM evaluation_results
            WHERE round_id = (SELECT id FROM rounds ORDER BY year DESC LIMIT 1) AND status = 'GRADED'),
         previous AS (
           SELECT firm_id, "class" AS grade FROM evaluation_results
            WHERE round_id = (SELECT id FROM rounds ORDER BY year DESC OFFSET 1 LIMIT 1) AND status = 'GRADED')
         SELECT GROUPING(p.grade)::int AS all_previous, l.grade AS to_class, p.grade AS from_class,
                COUNT(*)::int AS firms, trim_scale(COALESCE(SUM(l.land_mu), 0))::text AS land_mu
           FROM latest l LEFT JOIN previous p USING (firm_id)
          GROUP BY GROUPING SETS ((l.grade), (p.grade, l.grade))
          ORDER BY to_class, from_class`,
        [parkId],
      ) as Promise<
        { all_previous: number; to_class: string; from_class: string | null; firms: number; land_mu: string }[]
      >,
    ]);
    const perClass = classes.filter((row) => row.all_previous === 1);
    const totalLand = perClass.reduce((sum, row) => sum.plus(row.land_mu), new Decimal(0));
    const roundRef = (row?: { id: string; year: number; version: number; published_at: Date | null }) =>
      row
        ? Object.assign(new PublishedRoundRefModel(), {
            id: row.id,
            year: row.year,
            version: row.version,
            publishedAt: row.published_at,
          })
        : null;
    return Object.assign(new CockpitEvaluationModel(), {
      parkId,
      latestRoundId: rounds[0]?.id ?? null,
      round: roundRef(rounds[0]),
      previousRound: roundRef(rounds[1]),
      classes: perClass.map((row) =>
        Object.assign(new ClassCountModel(), {
          grade: row.to_class,
          firms: row.firms,
          landAreaMu: row.land_mu,
          landShare: ratio(row.land_mu, totalLand),
        }),
      ),
      movement: classes
        .filter((row) => row.all_previous === 0)
        .map((row) =>
          Object.assign(new ClassMovementModel(), {
            fromClass: row.from_class,
            toClass: row.to_class,
            firms: row.firms,
          }),
        ),
    });
  }

  /** D-class firms of a round, lowest score first, with the plots and land the evaluation used. */
  async lowEfficiencyLand(roundId: string | null, page: PageArgs) {
    if (!roundId) return { nodes: [], totalCount: 0, hasNextPage: false, endCursor: null };
    const after = page.after ? decodeCursor(page.after).split('|') : null;
    if (after && (after.length !== 2 || !/^-?\d+(\.\d+)?$/.test(after[0])))
      throw badInput('after', 'Cursor is not valid');
    const rows: {
      firm_id: string | null;
      name: string;
      total: string | null;
      rank: number | null;
      land_mu: string | null;
      tax_per_mu: string | null;
      plots: string[] | null;
      total_count: number;
    }[] = await this.unitOfWork.manager.query(
      `WITH d AS (
         SELECT r.firm_id, f.name, r.total, r.rank, (r.explanation->>'landMu') AS land_mu,
                ${TAX_PER_MU('r')} AS tax_per_mu,
                (SELECT array_agg(p.certificate_no ORDER BY p.certificate_no) FROM land_plots p
                  WHERE p.id IN (SELECT plot::uuid FROM json_array_elements_text(COALESCE(r.input->'origins'->'landMu', r.input->'origins'->'landM2')->'landPlotIds') AS plot)
                ) AS plots
           FROM evaluation_results r JOIN firms f ON f.id = r.firm_id
          WHERE r.round_id = $1 AND r."class" = $2),
       page AS (
         SELECT * FROM d
          WHERE $3::numeric IS NULL OR (COALESCE(total, 0), firm_id::text) > ($3::numeric, $4::text)
          ORDER BY COALESCE(total, 0), firm_id::text LIMIT $5)
       -- The count rides along even when the page is empty (past the last page).
       SELECT page.*, counted.total_count
         FROM (SELECT COUNT(*)::int AS total_count FROM d) counted LEFT JOIN page ON true
        ORDER BY COALESCE(page.total, 0), page.firm_id::text`,
      [roundId, LOW_EFFICIENCY_CLASS, after?.[0] ?? null, after?.[1] ?? null, page.first + 1],
    );
    const found = rows.filter((row): row is (typeof rows)[number] & { firm_id: string } => row.firm_id !== null);
    const nodes = found.slice(0, page.first);
    const last = nodes.at(-1);
    return {
      nodes: nodes.map((row) =>
        Object.assign(new LowEfficiencyLandModel(), {
          firmId: row.firm_id,
          firmName: row.name,
          plots: row.plots ?? [],
          areaMu: row.land_mu,
          taxPerMu: row.tax_per_mu,
          score: row.total,
          rank: row.rank,
        }),
      ),
      totalCount: rows[0]?.total_count ?? 0,
      hasNextPage: found.length > page.first,
      endCursor: last ? encodeCursor(`${last.total ?? 0}|${last.firm_id}`) : null,
    };
  }
}
