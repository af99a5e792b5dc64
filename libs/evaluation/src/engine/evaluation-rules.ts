/** The rules the engine applies, in words; every result carries them so a published table explains itself. */
export const EVALUATION_RULES = {
  arithmetic:
    'Exact decimals with 40 significant digits; figures are used exactly as given; nothing is rounded before output. ' +
    'Population sums run in firm id order, so the order of the input never changes a digit.',
  outputRounding:
    'Round half up, on output only: scores, points, totals and percentiles to 4 decimals; indicator values, ' +
    'benchmarks, ratios, min/max and positions to 6 decimals; land in mu exact (m² × 15 / 10000).',
  populations:
    'A firm belongs to the first population, in scheme order, whose criteria it meets; firms meeting none are ' +
    'not evaluated. Exempt firms are left out of every average, range, rank and cut.',
  missingData:
    'A firm has no value for an indicator when a figure is absent or the denominator is zero. ' +
    'populationAverageScore: the mean of the (capped) scores of the population firms that have a value (0 if none); ' +
    'zero: 0.',
  benchmarks:
    'Population averages, min/max and average scores are taken over the whole population, also when ranking ' +
    'within industry groups.',
  minMax:
    'Position = (value − min) / (max − min), clamped to [0, 1] (the clamp only acts in what-if, where the published ' +
    'range is held); if max = min every firm with a value is at position 1.',
  ranking:
    'Within each ranking group by published total (4 decimals) descending. Equal totals share the better rank ' +
    '(rank = 1 + firms with a higher total); tied firms are listed by firm id.',
  rankPercentile: '100 × rank / firms in the ranking group; the top firm of 10 is at 10.0000.',
  classCuts:
    'Cut position of a class = round half up of (cumulative share % × firms in the group / 100). A firm takes the ' +
    'first class whose cut position is ≥ its rank, so tied firms share the same (better) class and a class may ' +
    'exceed its share, or stay empty in a small group.',
  floors:
    'A floor applies when the firm’s own indicator value (full precision) is strictly below it; the class becomes ' +
    'the worse of the rank class and the floor class. A missing value triggers no floor.',
  overrides:
    'An override sets the class regardless of score (the worst forced class if several apply). The firm keeps its ' +
    'score and rank, so other firms’ ranks and classes are unaffected.',
  whatIf:
    'One firm’s figures changed; its population’s benchmarks, ranges, average scores and cut positions are held ' +
    'as published, and its new total is ranked among the other firms’ published totals.',
} as const;

export type EvaluationRules = typeof EVALUATION_RULES;
