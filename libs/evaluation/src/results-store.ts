import { EntityManager } from 'typeorm';
import type { FirmResult, FirmYearInput, GradedFirmResult } from './engine';
import type { NotGradedEntry } from './evaluation-computation.entity';
import { type FirmInputRef, ResultStatus, type StoredInput } from './evaluation-result.entity';
import type { EvaluationRoundEntity } from './evaluation-round.entity';
import { compactExplanation } from './explanation-codec';
import { copyResults, copyText, copyUuidArray } from './results-copy';

/** The published per-mu indicator of a graded firm: the figure over land in mu, whatever the scheme calls it. */
export function perMuValue(result: GradedFirmResult, numerator: string): string | null {
  const indicator = result.indicators.find(
    (candidate) => candidate.numerator.figure === numerator && candidate.denominator.figure === 'landMu',
  );
  return indicator?.value ?? null;
}

/** The input by reference: the ids of the figure versions given to the engine, and everything else as it was. */
export function inputReference(stored: StoredInput): { figureIds: string[]; ref: FirmInputRef } {
  const figureIds: string[] = [];
  const kept: FirmYearInput['figures'] = {};
  let landPlotIds: string[] = [];
  for (const [key, value] of Object.entries(stored.input.figures) as [keyof FirmYearInput['figures'], string][]) {
    const origin = stored.origins[key];
    if (origin?.figureId) {
      figureIds.push(origin.figureId);
    } else {
      kept[key] = value;
      if (origin?.landPlotIds) landPlotIds = origin.landPlotIds;
    }
  }
  return {
    figureIds,
    ref: { input: { ...stored.input, figures: kept }, landPlotIds, sheetConfirmed: stored.sheetConfirmed },
  };
}

/**
 * Writes one computation of a round: a row per graded firm (COPY, explanation as a delta against the first graded
 * firm of its population), and the other firms as a list on the computation. Returns the computation's id; the
 * caller points the round at it.
 */
export async function storeComputation(
  manager: EntityManager,
  round: Pick<EvaluationRoundEntity, 'id' | 'parkId'>,
  results: FirmResult[],
  inputs: StoredInput[],
): Promise<string> {
  const inputOf = new Map(inputs.map((stored) => [stored.input.firmId, stored]));
  const templates: Record<string, GradedFirmResult> = {};
  const notGraded: Record<string, NotGradedEntry> = {};
  const graded: GradedFirmResult[] = [];
  for (const result of results) {
    if (result.status === 'graded') {
      templates[result.populationId] ??= result;
      graded.push(result);
    } else {
      const { figureIds, ref } = inputReference(inputOf.get(result.firmId)!);
      notGraded[result.firmId] = { result, figureIds, input: ref };
    }
  }
  // One plain statement: the list of ungraded firms is a few MB of JSON, serialised once.
  const [{ id: computationId }]: { id: string }[] = await manager.query(
    `INSERT INTO evaluation_computations (round_id, park_id, templates, not_graded) VALUES ($1, $2, $3, $4) RETURNING id`,
    [round.id, round.parkId, JSON.stringify(templates), JSON.stringify(notGraded)],
  );
  function* rows(): Generator<string[]> {
    for (const result of graded) {
      const { figureIds, ref } = inputReference(inputOf.get(result.firmId)!);
      yield [
        computationId,
        round.id,
        round.parkId,
        result.firmId,
        ResultStatus.GRADED,
        copyText(result.populationId),
        result.total,
        String(result.rank),
        copyText(result.class),
        copyText(result.landMu),
        copyText(perMuValue(result, 'taxPaid')),
        copyText(perMuValue(result, 'valueAdded')),
        copyUuidArray(figureIds),
        copyText(JSON.stringify(ref)),
        copyText(JSON.stringify(compactExplanation(result, templates[result.populationId]))),
      ];
    }
  }
  await copyResults(manager, rows());
  return computationId;
}
