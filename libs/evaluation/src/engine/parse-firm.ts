import type { Decimal } from 'decimal.js';
import type { CompiledItem, CompiledPopulation, CompiledScheme } from './compile-scheme';
import { EvaluationInputError } from './evaluation-input.error';
import { formatExact, parseDecimal } from './exact-decimal';
import type { FirmYearInput } from './firm-input.types';
import { type FigureKey, type InputFigureKey, INPUT_FIGURE_KEYS, SIGNED_FIGURES } from './figures';
import { landMuFromSquareMetres } from './land';
import type { ExemptionRule, OverrideRule } from './scheme.types';

export interface ParsedFirm {
  input: FirmYearInput;
  figures: Partial<Record<FigureKey, Decimal>>;
  /** The figures as given (land: exact mu), for output without re-formatting. */
  figureTexts: Partial<Record<FigureKey, string>>;
  itemCounts: { item: CompiledItem; count: number }[];
  overrides: { rule: OverrideRule; evidence: string }[];
  exemption: { rule: ExemptionRule; evidence: string } | null;
}

const INPUT_FIGURES: ReadonlySet<string> = new Set(INPUT_FIGURE_KEYS);

export function parseFirm(firm: FirmYearInput, scheme: CompiledScheme): ParsedFirm {
  const where = `firm '${firm.firmId}'`;
  const fail = (message: string): never => {
    throw new EvaluationInputError(`${where}: ${message}`);
  };

  const figures: Partial<Record<FigureKey, Decimal>> = {};
  const figureTexts: Partial<Record<FigureKey, string>> = {};
  if (firm.figures.landM2 !== undefined && firm.figures.landMu !== undefined) {
    fail('land is given in m² or in mu, not both');
  }
  for (const [key, text] of Object.entries(firm.figures)) {
    if (text === undefined) continue;
    if (!INPUT_FIGURES.has(key)) fail(`unknown figure '${key}'`);
    const value = parseDecimal(text, `${where} ${key}`);
    if (value.lt(0) && !SIGNED_FIGURES.has(key as InputFigureKey)) fail(`${key} must not be negative`);
    if (key === 'landM2') {
      figures.landMu = landMuFromSquareMetres(value);
      figureTexts.landMu = formatExact(figures.landMu);
    } else {
      figures[key as FigureKey] = value;
      figureTexts[key as FigureKey] = text;
    }
  }

  const counts = firm.itemCounts ?? {};
  for (const [itemId, count] of Object.entries(counts)) {
    if (!scheme.items.has(itemId)) fail(`unknown item '${itemId}'`);
    if (!Number.isSafeInteger(count) || count < 0) fail(`count of '${itemId}' must be a whole number ≥ 0`);
  }
  // Scheme order, so every firm lists its items alike.
  const itemCounts = [...scheme.items.values()]
    .filter((item) => counts[item.definition.id] !== undefined)
    .map((item) => ({ item, count: counts[item.definition.id] }));

  const overrides = (firm.overrides ?? []).map((claim) => ({
    rule: scheme.overrideRules.get(claim.ruleId) ?? fail(`unknown override rule '${claim.ruleId}'`),
    evidence: claim.evidence,
  }));

  const exemption = firm.exemption
    ? {
        rule: scheme.exemptionRules.get(firm.exemption.ruleId) ?? fail(`unknown exemption '${firm.exemption.ruleId}'`),
        evidence: firm.exemption.evidence,
      }
    : null;

  return { input: firm, figures, figureTexts, itemCounts, overrides, exemption };
}

function meetsCriteria(firm: ParsedFirm, population: CompiledPopulation): boolean {
  const { scale, hasOwnLand } = population.definition.criteria;
  if (scale !== undefined && firm.input.scale !== scale) return false;
  if (hasOwnLand !== undefined && firm.input.hasOwnLand !== hasOwnLand) return false;
  if (population.minLandMu !== null) {
    const landMu = firm.figures.landMu;
    if (landMu === undefined || landMu.lt(population.minLandMu)) return false;
  }
  return true;
}

export function findPopulation(firm: ParsedFirm, scheme: CompiledScheme): CompiledPopulation | null {
  return scheme.populations.find((population) => meetsCriteria(firm, population)) ?? null;
}
