import type { Decimal } from 'decimal.js';
import { type CutPosition, classForRank, decideClass } from './class-cuts';
import { evaluateInDetail, type EvaluatedPopulation, type RankedFirm } from './evaluate';
import { EvaluationInputError } from './evaluation-input.error';
import { EVALUATION_RULES } from './evaluation-rules';
import { formatScore } from './exact-decimal';
import type { FirmFigures, FirmYearInput } from './firm-input.types';
import { totalFirmScore } from './firm-score';
import { ResultFormatter } from './format-result';
import { scoreAgainstStatistics } from './indicator-scores';
import { findPopulation, parseFirm } from './parse-firm';
import type { ClassThreshold, WhatIfResult } from './result.types';
import type { EvaluationScheme } from './scheme.types';

function locateGradedFirm(populations: EvaluatedPopulation[], firmId: string) {
  for (const evaluated of populations) {
    for (const group of evaluated.groups) {
      const ranked = group.firms.find((candidate) => candidate.firm.input.firmId === firmId);
      if (ranked) return { evaluated, group, ranked };
    }
  }
  throw new EvaluationInputError(`firm '${firmId}' is not graded in this evaluation`);
}

/**
 * rank = 1 + others with a higher total, so class k needs total ≥ the other total at its cut position
 * (others sorted descending, 1-based); a cut position past the others admits any total, position 0 none.
 */
function classThreshold(cut: CutPosition, othersDescending: Decimal[]): ClassThreshold {
  const base = { class: cut.class, cutPosition: cut.position };
  if (cut.position === 0) return { ...base, lowestTotal: null, reachable: false };
  if (cut.position > othersDescending.length) return { ...base, lowestTotal: null, reachable: true };
  return { ...base, lowestTotal: formatScore(othersDescending[cut.position - 1]), reachable: true };
}

/** Land given anew, in either unit, replaces the firm's land in whichever unit it had. */
function withoutReplacedLand(figures: FirmFigures, changed: FirmFigures): FirmFigures {
  if (changed.landM2 === undefined && changed.landMu === undefined) return figures;
  const rest = { ...figures };
  delete rest.landM2;
  delete rest.landMu;
  return rest;
}

/**
 * Recomputes one graded firm with some figures changed, against its population as published: benchmarks,
 * ranges, average scores and cut positions held; the new total is ranked among the other firms' published totals.
 */
export function whatIf(
  scheme: EvaluationScheme,
  population: FirmYearInput[],
  firmId: string,
  changedFigures: FirmFigures,
): WhatIfResult {
  const detail = evaluateInDetail(scheme, population);
  const { evaluated, group, ranked } = locateGradedFirm(detail.populations, firmId);
  const populationId = evaluated.population.definition.id;

  const changed = parseFirm(
    {
      ...ranked.firm.input,
      figures: { ...withoutReplacedLand(ranked.firm.input.figures, changedFigures), ...changedFigures },
    },
    detail.scheme,
  );
  if (findPopulation(changed, detail.scheme) !== evaluated.population) {
    throw new EvaluationInputError(
      `firm '${firmId}': the changed figures take it out of population '${populationId}', which what-if holds fixed`,
    );
  }

  const indicatorScores = evaluated.population.indicators.map((indicator, index) =>
    scoreAgainstStatistics(changed.figures, indicator, evaluated.statistics[index]),
  );
  const score = totalFirmScore(changed, indicatorScores);
  const othersDescending = group.firms.filter((other) => other !== ranked).map((other) => other.score.publishedTotal);
  const rank = 1 + othersDescending.filter((total) => total.gt(score.publishedTotal)).length;
  const decision = decideClass(
    classForRank(rank, group.cuts),
    indicatorScores,
    evaluated.population,
    changed.overrides,
  );
  const hypothetical: RankedFirm = { firm: changed, score, rank, decision };

  const formatter = new ResultFormatter();
  return {
    firmId,
    populationId,
    industryGroup: group.industryGroup,
    changedFigures,
    published: formatter.gradedFirm(ranked, evaluated, group),
    hypothetical: formatter.gradedFirm(hypothetical, evaluated, group),
    classThresholds: group.cuts.map((cut) => classThreshold(cut, othersDescending)),
    rules: EVALUATION_RULES,
  };
}
