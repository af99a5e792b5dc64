import type { Decimal } from 'decimal.js';
import type { CompiledClassCut, CompiledFloor, CompiledPopulation } from './compile-scheme';
import { roundHalfUp, ZERO } from './exact-decimal';
import type { IndicatorScore } from './indicator-scores';
import type { ParsedFirm } from './parse-firm';
import type { ClassLabel } from './scheme.types';

export interface CutPosition {
  class: ClassLabel;
  sharePercent: Decimal;
  cumulativeSharePercent: Decimal;
  /** The worst rank that still earns this class. 0 = the class is empty in this group. */
  position: number;
}

/** Cut position = round half up of (cumulative share % × group size / 100); the last class ends at the group size. */
export function cutPositions(classCuts: CompiledClassCut[], groupSize: number): CutPosition[] {
  let cumulativeSharePercent = ZERO;
  return classCuts.map((cut) => {
    cumulativeSharePercent = cumulativeSharePercent.plus(cut.sharePercent);
    const position = roundHalfUp(cumulativeSharePercent.times(groupSize).div(100), 0).toNumber();
    return { class: cut.class, sharePercent: cut.sharePercent, cumulativeSharePercent, position };
  });
}

/** Competition ranking ("1224"): rank = 1 + number of firms with a strictly higher total. */
export function competitionRanks(totalsDescending: Decimal[]): number[] {
  const ranks: number[] = [];
  totalsDescending.forEach((total, index) => {
    ranks.push(index > 0 && total.eq(totalsDescending[index - 1]) ? ranks[index - 1] : index + 1);
  });
  return ranks;
}

/** The first class whose cut position is ≥ the rank; tied firms share a rank, so they share the class. */
export function classForRank(rank: number, cuts: CutPosition[]): CutPosition {
  const cut = cuts.find((candidate) => candidate.position >= rank);
  if (cut === undefined) throw new Error(`rank ${rank} lies beyond the last cut position`);
  return cut;
}

export interface ClassDecisionDetail {
  byRank: CutPosition;
  floorsTriggered: { floor: CompiledFloor; value: Decimal }[];
  overrides: ParsedFirm['overrides'];
  final: ClassLabel;
  decidedBy: 'rank' | 'floor' | 'override';
}

/** Rank class, lowered by any floor the firm's own values fall below, unless an override sets the class outright. */
export function decideClass(
  byRank: CutPosition,
  indicatorScores: IndicatorScore[],
  population: CompiledPopulation,
  overrides: ParsedFirm['overrides'],
): ClassDecisionDetail {
  const worse = (a: ClassLabel, b: ClassLabel): ClassLabel =>
    population.classOrder.get(a)! >= population.classOrder.get(b)! ? a : b;

  const floorsTriggered = population.floors.flatMap((floor) => {
    const measurement = indicatorScores[floor.indicatorIndex].measurement;
    return measurement.kind === 'measured' && measurement.value.lt(floor.below)
      ? [{ floor, value: measurement.value }]
      : [];
  });
  const afterFloors = floorsTriggered.reduce(
    (current, { floor }) => worse(current, floor.definition.class),
    byRank.class,
  );

  if (overrides.length > 0) {
    const final = overrides.map(({ rule }) => rule.forcedClass).reduce(worse);
    return { byRank, floorsTriggered, overrides, final, decidedBy: 'override' };
  }
  const decidedBy = afterFloors === byRank.class ? 'rank' : 'floor';
  return { byRank, floorsTriggered, overrides, final: afterFloors, decidedBy };
}
