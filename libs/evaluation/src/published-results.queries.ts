import { EntityManager } from 'typeorm';

/**
 * What other contexts may read of published evaluation results (they never change once published): the classes
 * matching's fairness lever favours, and the cockpit's class counts, movements, D-class land and rankings.
 */

/** The latest published version of the park's two latest evaluated years (a correction supersedes its round). */
const LATEST_PUBLISHED_ROUNDS = (park: string) => `
  SELECT DISTINCT ON (year) id, year, version, published_at, computation_id
    FROM evaluation_rounds WHERE park_id = ${park} AND status = 'PUBLISHED'
   ORDER BY year DESC, version DESC LIMIT 2`;

/** The results computation of the latest published year (one row at most). */
const LATEST_COMPUTATION = (park: string) =>
  `SELECT computation_id FROM (${LATEST_PUBLISHED_ROUNDS(park)}) AS rounds ORDER BY year DESC LIMIT 1`;

export interface PublishedRoundRef {
  id: string;
  year: number;
  version: number;
  publishedAt: Date | null;
}

/** The latest published round of the park's latest evaluated year, then of the year before (at most two). */
export function latestPublishedRounds(manager: EntityManager, parkId: string): Promise<PublishedRoundRef[]> {
  return manager.query(
    `SELECT id, year, version, published_at AS "publishedAt" FROM (${LATEST_PUBLISHED_ROUNDS('$1')}) AS rounds
      ORDER BY year DESC`,
    [parkId],
  );
}

/** Each firm's class (A–D) in the park's latest published round; empty before the first is published. */
export async function latestPublishedClasses(manager: EntityManager, parkId: string): Promise<Map<string, string>> {
  const rows: { firm_id: string; class: string }[] = await manager.query(
    `WITH latest AS (
       SELECT computation_id FROM evaluation_rounds WHERE park_id = $1 AND status = 'PUBLISHED'
        ORDER BY year DESC, version DESC LIMIT 1)
     SELECT firm_id, class FROM evaluation_results
      WHERE computation_id IN (SELECT computation_id FROM latest) AND class IN ('A', 'B', 'C', 'D')`,
    [parkId],
  );
  return new Map(rows.map((row) => [row.firm_id, row.class]));
}

export interface ClassMovementRow {
  /** 1 on the per-class rows (firms and land of each class), 0 on the movement rows (from a class to a class). */
  allPrevious: number;
  toClass: string;
  fromClass: string | null;
  firms: number;
  landMu: string;
}

/** Graded firms of the latest published year per class with their land, and per previous-year class. */
export function publishedClassMovement(manager: EntityManager, parkId: string): Promise<ClassMovementRow[]> {
  return manager.query(
    `WITH rounds AS (${LATEST_PUBLISHED_ROUNDS('$1')}),
     latest AS (
       SELECT firm_id, "class" AS grade, land_mu
         FROM evaluation_results
        WHERE computation_id = (SELECT computation_id FROM rounds ORDER BY year DESC LIMIT 1) AND status = 'GRADED'),
     previous AS (
       SELECT firm_id, "class" AS grade FROM evaluation_results
        WHERE computation_id = (SELECT computation_id FROM rounds ORDER BY year DESC OFFSET 1 LIMIT 1)
          AND status = 'GRADED')
     SELECT GROUPING(p.grade)::int AS "allPrevious", l.grade AS "toClass", p.grade AS "fromClass",
            COUNT(*)::int AS firms, trim_scale(COALESCE(SUM(l.land_mu), 0))::text AS "landMu"
       FROM latest l LEFT JOIN previous p USING (firm_id)
      GROUP BY GROUPING SETS ((l.grade), (p.grade, l.grade))
      ORDER BY "toClass", "fromClass"`,
    [parkId],
  );
}

export interface ClassMemberRow {
  firmId: string;
  total: string | null;
  rank: number | null;
  landMu: string | null;
  taxPerMu: string | null;
  /** The land plots the evaluation took the firm's land from. */
  plotIds: string[];
}

/**
 * One page of a round's firms of one class, lowest score first (keyset after `(score, firm id)`), with the total
 * count of the class.
 */
export async function roundClassPage(
  manager: EntityManager,
  roundId: string,
  grade: string,
  after: { score: string; firmId: string } | null,
  limit: number,
): Promise<{ rows: ClassMemberRow[]; totalCount: number }> {
  const rows: (Omit<ClassMemberRow, 'firmId' | 'plotIds'> & {
    firmId: string | null;
    plotIds: string[] | null;
    totalCount: number;
  })[] = await manager.query(
    `WITH members AS (
       SELECT r.firm_id, r.total, r.rank, r.land_mu::text AS land_mu, r.tax_per_mu::text AS tax_per_mu,
              ARRAY(SELECT json_array_elements_text(COALESCE(r.input_ref->'landPlotIds',
                COALESCE(r.input->'origins'->'landMu', r.input->'origins'->'landM2')->'landPlotIds'))) AS plot_ids
         FROM evaluation_results r
        WHERE r.computation_id = (SELECT computation_id FROM evaluation_rounds WHERE id = $1) AND r."class" = $2),
     page AS (
       SELECT * FROM members
        WHERE $3::numeric IS NULL OR (COALESCE(total, 0), firm_id::text) > ($3::numeric, $4::text)
        ORDER BY COALESCE(total, 0), firm_id::text LIMIT $5)
     -- The count rides along even when the page is empty (past the last page).
     SELECT page.firm_id AS "firmId", page.total, page.rank, page.land_mu AS "landMu", page.tax_per_mu AS "taxPerMu",
            page.plot_ids AS "plotIds", counted.total_count AS "totalCount"
       FROM (SELECT COUNT(*)::int AS total_count FROM members) counted LEFT JOIN page ON true
      ORDER BY COALESCE(page.total, 0), page.firm_id::text`,
    [roundId, grade, after?.score ?? null, after?.firmId ?? null, limit],
  );
  return {
    totalCount: rows[0]?.totalCount ?? 0,
    rows: rows
      .filter((row): row is typeof row & { firmId: string } => row.firmId !== null)
      .map((row) => ({
        firmId: row.firmId,
        total: row.total,
        rank: row.rank,
        landMu: row.landMu,
        taxPerMu: row.taxPerMu,
        plotIds: row.plotIds ?? [],
      })),
  };
}

export type PublishedIndicator = 'SCORE' | 'TAX_PER_MU' | 'VALUE_ADDED_PER_MU';

/**
 * A statement (with its parameters) giving, for every firm graded in the park's latest published round, the
 * indicator's value (numeric) with `firm_id` and `round_id`: for read models that rank or aggregate it further.
 * Its parameters are numbered from `$1`.
 */
export function publishedValuesStatement(indicator: PublishedIndicator, parkId: string): [string, unknown[]] {
  const value = {
    SCORE: 'r.total',
    TAX_PER_MU: 'r.tax_per_mu',
    VALUE_ADDED_PER_MU: 'r.value_added_per_mu',
  }[indicator];
  return [
    `SELECT r.firm_id, ${value} AS value, r.round_id FROM evaluation_results r
      WHERE r.computation_id = (${LATEST_COMPUTATION('$1')}) AND r.status = 'GRADED'`,
    [parkId],
  ];
}

/** The grade and score of these firms in the park's latest published round, with the round (null before one). */
export async function latestPublishedGrades(
  manager: EntityManager,
  parkId: string,
  firmIds: readonly string[],
): Promise<{ round: PublishedRoundRef | null; grades: Map<string, { grade: string | null; score: string | null }> }> {
  const rows: (PublishedRoundRef & { firm_id: string | null; grade: string | null; score: string | null })[] =
    await manager.query(
      `WITH latest AS (SELECT * FROM (${LATEST_PUBLISHED_ROUNDS('$1')}) AS rounds ORDER BY year DESC LIMIT 1)
       SELECT latest.id, latest.year, latest.version, latest.published_at AS "publishedAt",
              r.firm_id, r."class" AS grade, r.total::text AS score
         FROM latest
         LEFT JOIN evaluation_results r
           ON r.computation_id = latest.computation_id AND r.firm_id = ANY($2::uuid[]) AND r.status = 'GRADED'`,
      [parkId, firmIds],
    );
  const [first] = rows;
  return {
    round: first ? { id: first.id, year: first.year, version: first.version, publishedAt: first.publishedAt } : null,
    grades: new Map(
      rows
        .filter((row): row is typeof row & { firm_id: string } => row.firm_id !== null)
        .map((row) => [row.firm_id, { grade: row.grade, score: row.score }]),
    ),
  };
}
