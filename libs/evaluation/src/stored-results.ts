import { type FigureVersionRecord, figureVersions } from '@vg/output';
import { EntityManager } from 'typeorm';
import type { FirmResult, FirmYearInput, GradedFirmResult } from './engine';
import type { NotGradedEntry } from './evaluation-computation.entity';
import { type FirmInputRef, ResultStatus, type StoredInput } from './evaluation-result.entity';
import { type ExplanationDelta, expandExplanation } from './explanation-codec';
import { ENGINE_FIGURE_KEY } from './figure-keys';

/** A firm's result as the readers see it, whatever the layout it was stored in: whole again. */
export interface StoredResult {
  roundId: string;
  firmId: string;
  status: ResultStatus;
  populationId: string | null;
  total: string | null;
  rank: number | null;
  grade: string | null;
  explanation: FirmResult;
  input: StoredInput;
}

export interface StoredResults {
  /** In firm id order. */
  results: StoredResult[];
  /** The figure versions the inputs point at, with their provenance. */
  versions: Map<string, FigureVersionRecord>;
}

interface ResultRow {
  firm_id: string;
  status: ResultStatus;
  population_id: string | null;
  total: string | null;
  rank: number | null;
  class: string | null;
  figure_ids: string[] | null;
  input_ref: FirmInputRef | null;
  explanation_delta: ExplanationDelta | null;
  input: StoredInput | null;
  explanation: FirmResult | null;
}

const NOT_GRADED_STATUS: Record<NotGradedEntry['result']['status'], ResultStatus> = {
  exempt: ResultStatus.EXEMPT,
  notEvaluated: ResultStatus.NOT_EVALUATED,
};

/**
 * The stored results of a computation, graded and not, expanded: every firm's (`firmIds` null) or these firms'.
 * Three queries for the results whatever their number, and one for the figure versions.
 */
export async function readStoredResults(
  manager: EntityManager,
  roundId: string,
  computationId: string | null,
  firmIds: readonly string[] | null,
  options: { gradedOnly?: boolean } = {},
): Promise<StoredResults> {
  if (computationId === null) return { results: [], versions: new Map() };
  // One after the other: inside a transaction they share its connection.
  const rows: ResultRow[] = await manager.query(
    `SELECT firm_id, status, population_id, total::text AS total, rank, "class", figure_ids, input_ref,
            explanation_delta, input, explanation
       FROM evaluation_results
      WHERE computation_id = $1 AND ($2::uuid[] IS NULL OR firm_id = ANY($2::uuid[]))`,
    [computationId, firmIds],
  );
  const notGraded: { firm_id: string; entry: NotGradedEntry }[] = options.gradedOnly
    ? []
    : await manager.query(
        `SELECT entry.key AS firm_id, entry.value AS entry
           FROM evaluation_computations c, json_each(c.not_graded) entry
          WHERE c.id = $1 AND ($2::text[] IS NULL OR entry.key = ANY($2::text[]))`,
        [computationId, firmIds],
      );
  const [computation]: { templates: Record<string, GradedFirmResult> }[] = await manager.query(
    'SELECT templates FROM evaluation_computations WHERE id = $1',
    [computationId],
  );
  const versions = await figureVersions(manager, [
    ...rows.flatMap((row) => row.figure_ids ?? []),
    ...notGraded.flatMap((row) => row.entry.figureIds),
    ...rows.flatMap((row) => (row.input ? legacyFigureIds(row.input) : [])),
  ]);
  const results: StoredResult[] = rows.map((row) => ({
    roundId,
    firmId: row.firm_id,
    status: row.status,
    populationId: row.population_id,
    total: row.total,
    rank: row.rank,
    grade: row.class,
    explanation:
      row.explanation ??
      expandExplanation<GradedFirmResult>(computation.templates[row.population_id!], row.explanation_delta!),
    input: row.input ?? storedInput(row.input_ref!, row.figure_ids ?? [], versions),
  }));
  for (const { firm_id, entry } of notGraded) {
    results.push({
      roundId,
      firmId: firm_id,
      status: NOT_GRADED_STATUS[entry.result.status],
      populationId: entry.result.status === 'exempt' ? entry.result.populationId : null,
      total: null,
      rank: null,
      grade: null,
      explanation: entry.result,
      input: storedInput(entry.input, entry.figureIds, versions),
    });
  }
  results.sort((a, b) => (a.firmId < b.firmId ? -1 : a.firmId > b.firmId ? 1 : 0));
  return { results, versions };
}

function legacyFigureIds(input: StoredInput): string[] {
  return Object.values(input.origins).flatMap((origin) => (origin.figureId ? [origin.figureId] : []));
}

/** The input given to the engine, rebuilt from the figure versions it named (figures first, as loaded, then land). */
function storedInput(
  ref: FirmInputRef,
  figureIds: readonly string[],
  versions: ReadonlyMap<string, FigureVersionRecord>,
): StoredInput {
  const figures: FirmYearInput['figures'] = {};
  const origins: StoredInput['origins'] = {};
  for (const figureId of figureIds) {
    const version = versions.get(figureId)!;
    const key = ENGINE_FIGURE_KEY[version.kind];
    figures[key] = version.value;
    origins[key] = { figureId };
  }
  for (const [key, value] of Object.entries(ref.input.figures) as [keyof FirmYearInput['figures'], string][]) {
    figures[key] = value;
    if (key === 'landMu' || key === 'landM2') origins[key] = { landPlotIds: ref.landPlotIds };
  }
  return { input: { ...ref.input, figures }, origins, sheetConfirmed: ref.sheetConfirmed };
}

/** Whether the round's current results include the firm (graded or not). */
export async function hasResult(manager: EntityManager, roundId: string, firmId: string): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    'SELECT 1 FROM evaluation_round_results WHERE round_id = $1 AND firm_id = $2',
    [roundId, firmId],
  );
  return rows.length > 0;
}
