import type { FirmYearInput } from './firm-input.types';
import type { EvaluationResult, GradedFirmResult } from './result.types';
import type { EvaluationScheme, IndicatorDefinition, PopulationDefinition } from './scheme.types';

/** Small schemes and firms for the specs. 2000 m² is exactly 3 mu, so land stays exact. */

export const THREE_MU_M2 = '2000';

export function taxPerMu(overrides: Partial<IndicatorDefinition> = {}): IndicatorDefinition {
  return {
    id: 'taxPerMu',
    name: '亩均税收',
    unit: '万元/亩',
    numerator: 'taxPaid',
    denominator: 'landMu',
    weight: '100',
    scoring: { method: 'ratioToBenchmark', benchmark: { kind: 'fixed', value: '10' } },
    missingData: 'zero',
    ...overrides,
  };
}

export function population(overrides: Partial<PopulationDefinition> = {}): PopulationDefinition {
  return {
    id: 'above-scale',
    name: '规上',
    criteria: { scale: 'above' },
    rankWithinIndustryGroups: false,
    indicators: [taxPerMu()],
    classCuts: [
      { class: 'A', sharePercent: '20' },
      { class: 'B', sharePercent: '60' },
      { class: 'C', sharePercent: '15' },
      { class: 'D', sharePercent: '5' },
    ],
    floors: [],
    ...overrides,
  };
}

export function scheme(overrides: Partial<EvaluationScheme> = {}): EvaluationScheme {
  return {
    id: 'test-scheme',
    name: 'test scheme',
    year: 2024,
    populations: [population()],
    items: [],
    overrideRules: [],
    exemptionRules: [],
    ...overrides,
  };
}

/** A 规上 firm on its own 3 mu, so tax per mu = taxPaid / 3. */
export function firm(firmId: string, taxPaid: string, overrides: Partial<FirmYearInput> = {}): FirmYearInput {
  return {
    firmId,
    scale: 'above',
    hasOwnLand: true,
    figures: { taxPaid, landM2: THREE_MU_M2 },
    ...overrides,
  };
}

export function gradedFirm(result: EvaluationResult, firmId: string): GradedFirmResult {
  const found = result.firms.find((candidate) => candidate.firmId === firmId);
  if (found?.status !== 'graded') throw new Error(`firm ${firmId} is not graded`);
  return found;
}
