import {
  type ClassDecisionDetail,
  classForRank,
  competitionRanks,
  type CutPosition,
  cutPositions,
  decideClass,
} from './class-cuts';
import { type CompiledPopulation, type CompiledScheme, compileScheme } from './compile-scheme';
import { EvaluationInputError } from './evaluation-input.error';
import type { FirmYearInput } from './firm-input.types';
import { type FirmScore, totalFirmScore } from './firm-score';
import { ResultFormatter } from './format-result';
import { type IndicatorStatistics, scoreAcrossPopulation } from './indicator-scores';
import { findPopulation, type ParsedFirm, parseFirm } from './parse-firm';
import type { EvaluationResult } from './result.types';
import type { EvaluationScheme } from './scheme.types';

export interface RankedFirm {
  firm: ParsedFirm;
  score: FirmScore;
  rank: number;
  decision: ClassDecisionDetail;
}

export interface RankedGroup {
  industryGroup: string | null;
  /** By published total descending, then firm id. */
  firms: RankedFirm[];
  cuts: CutPosition[];
}

export interface EvaluatedPopulation {
  population: CompiledPopulation;
  firmCount: number;
  /** Parallel to the population's indicators. */
  statistics: IndicatorStatistics[];
  /** The whole population as one group (industryGroup null), or one group per industry, by group name. */
  groups: RankedGroup[];
}

export interface EvaluationDetail {
  scheme: CompiledScheme;
  populations: EvaluatedPopulation[];
  exempt: {
    firm: ParsedFirm;
    exemption: NonNullable<ParsedFirm['exemption']>;
    population: CompiledPopulation | null;
  }[];
  notEvaluated: { firm: ParsedFirm; reason: string }[];
}

/** Code-unit order, not locale order, so output is the same on every machine. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byFirmId(a: ParsedFirm, b: ParsedFirm): number {
  return compareIds(a.input.firmId, b.input.firmId);
}

function rankGroup(
  industryGroup: string | null,
  members: { firm: ParsedFirm; score: FirmScore }[],
  population: CompiledPopulation,
): RankedGroup {
  const sorted = [...members].sort(
    (a, b) => b.score.publishedTotal.comparedTo(a.score.publishedTotal) || byFirmId(a.firm, b.firm),
  );
  const ranks = competitionRanks(sorted.map((member) => member.score.publishedTotal));
  const cuts = cutPositions(population.classCuts, sorted.length);
  const firms = sorted.map(({ firm, score }, index) => {
    const rank = ranks[index];
    const decision = decideClass(classForRank(rank, cuts), score.indicatorScores, population, firm.overrides);
    return { firm, score, rank, decision };
  });
  return { industryGroup, firms, cuts };
}

function evaluatePopulation(population: CompiledPopulation, members: ParsedFirm[]): EvaluatedPopulation {
  const perIndicator = population.indicators.map((indicator) =>
    scoreAcrossPopulation(
      indicator,
      members.map((member) => member.figures),
      population.definition.id,
    ),
  );
  const scored = members.map((firm, index) => ({
    firm,
    score: totalFirmScore(
      firm,
      perIndicator.map(({ scores }) => scores[index]),
    ),
  }));

  const byGroup = new Map<string | null, typeof scored>();
  for (const member of scored) {
    const key = population.definition.rankWithinIndustryGroups ? (member.firm.input.industryGroup ?? null) : null;
    const group = byGroup.get(key);
    if (group) group.push(member);
    else byGroup.set(key, [member]);
  }
  const groups = [...byGroup.keys()]
    .sort((a, b) => compareIds(a ?? '', b ?? ''))
    .map((key) => rankGroup(key, byGroup.get(key)!, population));

  return {
    population,
    firmCount: members.length,
    statistics: perIndicator.map(({ statistics }) => statistics),
    groups,
  };
}

/** The full evaluation with exact numbers, for formatting and for what-if. */
export function evaluateInDetail(scheme: EvaluationScheme, firms: FirmYearInput[]): EvaluationDetail {
  const compiled = compileScheme(scheme);
  const seenIds = new Set<string>();
  const members = new Map<CompiledPopulation, ParsedFirm[]>(compiled.populations.map((p) => [p, []]));
  const exempt: EvaluationDetail['exempt'] = [];
  const notEvaluated: EvaluationDetail['notEvaluated'] = [];

  for (const input of firms) {
    if (typeof input.firmId !== 'string' || input.firmId === '') {
      throw new EvaluationInputError('a firm has no firm id');
    }
    if (seenIds.has(input.firmId)) throw new EvaluationInputError(`firm '${input.firmId}' appears twice`);
    seenIds.add(input.firmId);

    const firm = parseFirm(input, compiled);
    const population = findPopulation(firm, compiled);
    if (firm.exemption !== null) {
      exempt.push({ firm, exemption: firm.exemption, population });
    } else if (population === null) {
      notEvaluated.push({ firm, reason: 'meets the criteria of no population' });
    } else if (population.definition.rankWithinIndustryGroups && !input.industryGroup) {
      notEvaluated.push({
        firm,
        reason: `population '${population.definition.id}' ranks within industry groups and the firm has none`,
      });
    } else {
      members.get(population)!.push(firm);
    }
  }

  return {
    scheme: compiled,
    // Firm id order makes every sum, and so every last digit, independent of the input order.
    populations: compiled.populations.map((population) =>
      evaluatePopulation(population, members.get(population)!.sort(byFirmId)),
    ),
    exempt: exempt.sort((a, b) => byFirmId(a.firm, b.firm)),
    notEvaluated: notEvaluated.sort((a, b) => byFirmId(a.firm, b.firm)),
  };
}

/** Grades a population of firm-year figures under a scheme. Same input, same output. */
export function evaluate(scheme: EvaluationScheme, firms: FirmYearInput[]): EvaluationResult {
  return new ResultFormatter().evaluation(evaluateInDetail(scheme, firms));
}
