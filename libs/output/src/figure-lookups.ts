import { EntityManager } from 'typeorm';
import { AnnualFigureKind } from './annual-figure-kind';

/** A current figure of a firm for a year, and the id of the version it is (its source and review are on that row). */
export interface CurrentFigure {
  kind: AnnualFigureKind;
  /** Exact, without trailing zeros. */
  value: string;
  figureId: string;
}

export interface FirmYearFigures {
  firmId: string;
  figures: CurrentFigure[];
  /** Whether the firm confirmed its sheet for the year (一企一单). */
  sheetConfirmed: boolean;
}

/** Where a park's sheets for a year stand: what an evaluation round waits for. */
export interface FigureReadiness {
  firmsWithFigures: number;
  confirmedSheets: number;
  unconfirmedSheets: number;
  pendingFigures: number;
  approvedFigures: number;
  returnedFigures: number;
}

/** The provenance of one figure version. */
export interface FigureVersionRecord {
  kind: AnnualFigureKind;
  /** Exact, without trailing zeros (as `currentFiguresOfPark` gives it). */
  value: string;
  source: string;
  importJobId: string | null;
  auditState: string;
}

interface FiguresRow {
  firm_id: string;
  /** "KIND=value=figure id" entries joined by ';' (plain text aggregates: several times cheaper than JSON ones). */
  figures: string;
  confirmed: boolean;
}

/**
 * A park's figures for a year in one set-based query, by firm id: every firm with at least one current figure that
 * was not returned, with those figures and whether its sheet is confirmed.
 */
export async function currentFiguresOfPark(
  manager: EntityManager,
  parkId: string,
  year: number,
): Promise<FirmYearFigures[]> {
  // The aggregate sorts 10 figures × every firm: keep that sort in memory.
  await manager.query(`SET LOCAL work_mem = '64MB'`);
  const rows: FiguresRow[] = await manager.query(
    `WITH figures AS (
       SELECT firm_id, string_agg(kind::text || '=' || trim_scale(value)::text || '=' || id::text, ';') AS figures
         FROM firm_annual_figures
        WHERE park_id = $1 AND year = $2 AND superseded_at IS NULL AND audit_state <> 'RETURNED'
        GROUP BY firm_id)
     SELECT fig.firm_id, fig.figures, (ys.confirmed_at IS NOT NULL) AS confirmed
       FROM figures fig
       LEFT JOIN firm_year_sheets ys ON ys.firm_id = fig.firm_id AND ys.year = $2
      ORDER BY fig.firm_id`,
    [parkId, year],
  );
  return rows.map((row) => ({
    firmId: row.firm_id,
    figures: parseFigures(row.figures),
    sheetConfirmed: row.confirmed,
  }));
}

/** "KIND=value=id;…" → figures (slicing at the separators: half the cost of splitting each entry again). */
function parseFigures(aggregate: string): CurrentFigure[] {
  return aggregate.split(';').map((entry) => {
    const afterKind = entry.indexOf('=');
    const afterValue = entry.indexOf('=', afterKind + 1);
    return {
      kind: entry.slice(0, afterKind) as AnnualFigureKind,
      value: entry.slice(afterKind + 1, afterValue),
      figureId: entry.slice(afterValue + 1),
    };
  });
}

/** Counts of a park's current figures for a year by review state, and of its sheets by confirmation. */
export async function figureReadiness(manager: EntityManager, parkId: string, year: number): Promise<FigureReadiness> {
  const [row]: FigureReadiness[] = await manager.query(
    `SELECT COUNT(DISTINCT a.firm_id)::int AS "firmsWithFigures",
            COUNT(DISTINCT a.firm_id) FILTER (WHERE s.confirmed_at IS NOT NULL)::int AS "confirmedSheets",
            COUNT(DISTINCT a.firm_id) FILTER (WHERE s.confirmed_at IS NULL)::int AS "unconfirmedSheets",
            COUNT(*) FILTER (WHERE a.audit_state = 'PENDING')::int AS "pendingFigures",
            COUNT(*) FILTER (WHERE a.audit_state = 'APPROVED')::int AS "approvedFigures",
            COUNT(*) FILTER (WHERE a.audit_state = 'RETURNED')::int AS "returnedFigures"
       FROM firm_annual_figures a
       LEFT JOIN firm_year_sheets s ON s.firm_id = a.firm_id AND s.year = a.year
      WHERE a.park_id = $1 AND a.year = $2 AND a.superseded_at IS NULL`,
    [parkId, year],
  );
  return row;
}

/** These figure versions (a version is never changed: a new figure supersedes it) with their provenance, in one query. */
export async function figureVersions(
  manager: EntityManager,
  figureIds: readonly string[],
): Promise<Map<string, FigureVersionRecord>> {
  if (!figureIds.length) return new Map();
  const rows: {
    id: string;
    kind: AnnualFigureKind;
    value: string;
    source: string;
    import_job_id: string | null;
    audit_state: string;
  }[] = await manager.query(
    `SELECT id, kind, trim_scale(value)::text AS value, source, import_job_id, audit_state
       FROM firm_annual_figures WHERE id = ANY($1::uuid[])`,
    [figureIds],
  );
  return new Map(
    rows.map((row) => [
      row.id,
      {
        kind: row.kind,
        value: row.value,
        source: row.source,
        importJobId: row.import_job_id,
        auditState: row.audit_state,
      },
    ]),
  );
}

/** Where one firm's sheet for a year stands: its current figures by review state and its confirmation. */
export interface FirmSheetStatus {
  firmId: string;
  pendingFigures: number;
  returnedFigures: number;
  confirmed: boolean;
}

/** Every firm of a park with a current figure for the year, with its sheet's standing, in one query. */
export async function sheetStatusesOfPark(
  manager: EntityManager,
  parkId: string,
  year: number,
): Promise<FirmSheetStatus[]> {
  return manager.query(
    `SELECT a.firm_id AS "firmId",
            COUNT(*) FILTER (WHERE a.audit_state = 'PENDING')::int AS "pendingFigures",
            COUNT(*) FILTER (WHERE a.audit_state = 'RETURNED')::int AS "returnedFigures",
            bool_or(s.confirmed_at IS NOT NULL) AS confirmed
       FROM firm_annual_figures a
       LEFT JOIN firm_year_sheets s ON s.firm_id = a.firm_id AND s.year = a.year
      WHERE a.park_id = $1 AND a.year = $2 AND a.superseded_at IS NULL
      GROUP BY a.firm_id`,
    [parkId, year],
  );
}
