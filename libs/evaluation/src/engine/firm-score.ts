import type { Decimal } from 'decimal.js';
import type { CompiledItem } from './compile-scheme';
import { roundHalfUp, SCORE_DECIMALS, sum } from './exact-decimal';
import type { IndicatorScore } from './indicator-scores';
import type { ParsedFirm } from './parse-firm';

export interface FirmScore {
  indicatorScores: IndicatorScore[];
  items: { item: CompiledItem; count: number; points: Decimal }[];
  indicatorScoreSum: Decimal;
  itemPoints: Decimal;
  total: Decimal;
  /** The total as published (4 decimals, half up); ranks compare this, so equal published totals tie. */
  publishedTotal: Decimal;
}

export function totalFirmScore(firm: ParsedFirm, indicatorScores: IndicatorScore[]): FirmScore {
  const items = firm.itemCounts.map(({ item, count }) => ({ item, count, points: item.pointsPerCount.times(count) }));
  const indicatorScoreSum = sum(indicatorScores.map((score) => score.score));
  const itemPoints = sum(items.map((item) => item.points));
  const total = indicatorScoreSum.plus(itemPoints);
  return {
    indicatorScores,
    items,
    indicatorScoreSum,
    itemPoints,
    total,
    publishedTotal: roundHalfUp(total, SCORE_DECIMALS),
  };
}
