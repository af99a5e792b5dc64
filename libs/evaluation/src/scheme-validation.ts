import { evaluate, EvaluationInputError, type EvaluationScheme } from './engine';

type Json = unknown;

const isObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: Json, max = 200): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

/**
 * The shape the engine relies on without checking (it trusts its TypeScript types), so a scheme typed by hand is
 * refused when stored rather than failing when a round is computed. The engine then checks the rest (figures,
 * weights, shares summing to 100, unique ids, floors and overrides naming real classes) by compiling it.
 */
function shapeProblem(definition: Json): string | null {
  if (!isObject(definition)) return 'the scheme must be a JSON object';
  if (!isText(definition.id, 80) || !isText(definition.name)) return 'id and name must be non-empty strings';
  if (!Number.isInteger(definition.year)) return 'year must be a whole number';
  for (const list of ['populations', 'items', 'overrideRules', 'exemptionRules']) {
    if (!Array.isArray(definition[list])) return `${list} must be a list`;
  }
  for (const population of definition.populations as Json[]) {
    if (!isObject(population) || !isText(population.id, 80) || !isText(population.name)) {
      return 'every population needs an id and a name';
    }
    const where = `population '${population.id}'`;
    const criteria = population.criteria;
    if (!isObject(criteria)) return `${where}: criteria must be an object`;
    if (criteria.scale !== undefined && criteria.scale !== 'above' && criteria.scale !== 'below') {
      return `${where}: criteria.scale must be 'above' or 'below'`;
    }
    if (criteria.minLandMu !== undefined && typeof criteria.minLandMu !== 'string') {
      return `${where}: criteria.minLandMu must be a decimal string`;
    }
    if (criteria.hasOwnLand !== undefined && typeof criteria.hasOwnLand !== 'boolean') {
      return `${where}: criteria.hasOwnLand must be true or false`;
    }
    if (typeof population.rankWithinIndustryGroups !== 'boolean')
      return `${where}: rankWithinIndustryGroups must be a boolean`;
    for (const list of ['indicators', 'classCuts', 'floors']) {
      if (!Array.isArray(population[list])) return `${where}: ${list} must be a list`;
    }
    for (const indicator of population.indicators as Json[]) {
      if (!isObject(indicator) || !isText(indicator.id, 80) || !isText(indicator.name) || !isText(indicator.unit, 40)) {
        return `${where}: every indicator needs an id, a name and a unit`;
      }
      const scoring = indicator.scoring;
      const valid =
        isObject(scoring) &&
        (scoring.method === 'minMax' ||
          (scoring.method === 'ratioToBenchmark' &&
            isObject(scoring.benchmark) &&
            ((scoring.benchmark.kind === 'fixed' && typeof scoring.benchmark.value === 'string') ||
              (scoring.benchmark.kind === 'populationAverage' &&
                (scoring.benchmark.method === 'ratioOfTotals' || scoring.benchmark.method === 'meanOfRatios')))));
      if (!valid) return `${where} indicator '${indicator.id}': scoring is not a known method`;
      if (indicator.missingData !== 'populationAverageScore' && indicator.missingData !== 'zero') {
        return `${where} indicator '${indicator.id}': missingData must be 'populationAverageScore' or 'zero'`;
      }
    }
    for (const cut of population.classCuts as Json[]) {
      if (!isObject(cut) || !isText(cut.class, 20)) return `${where}: every class cut needs a class of 1–20 characters`;
    }
  }
  return null;
}

/** Null when the scheme can be stored; otherwise what is wrong, in words. */
export function schemeProblem(definition: Json): string | null {
  const problem = shapeProblem(definition);
  if (problem) return problem;
  try {
    evaluate(definition as EvaluationScheme, []);
    return null;
  } catch (error) {
    if (error instanceof EvaluationInputError) return error.message;
    return `the scheme cannot be read (${error instanceof Error ? error.message : 'unknown problem'})`;
  }
}
