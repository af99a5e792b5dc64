import {
  DEFAULT_UNRATED_RECORD,
  explainChoice,
  resolveWeights,
  scoreOffer,
  type ScoreWeights,
  type StageScoring,
} from './score';
import type { Assignment, CapacityOffer, DailyUnits } from './types';

/** A share of one order stage that a firm declined (or let expire), with the exact days it covered. */
export interface ShareToReplace {
  orderId: string;
  stageSeq: number;
  processCode: string;
  maxUnitPriceFen: number;
  days: DailyUnits[];
  preferredParkId?: string | null;
  preferredGroupId?: string | null;
}

export interface ShareReplacement {
  assignments: Assignment[];
  /** Pieces of the share no offer could take on its days; 0 when fully replaced. */
  unitsShort: number;
}

/**
 * Replaces a declined share on exactly its own days, so the order's flow between stages stays valid whatever
 * the other stages do: for each candidate in score order, take what it has free on those days, as long as its
 * total reaches its minimum order quantity. Deterministic (ties by listingId).
 */
export function replaceShare(
  share: ShareToReplace,
  offers: readonly CapacityOffer[],
  options: { weights?: Partial<ScoreWeights>; unratedRecord?: number } = {},
): ShareReplacement {
  const need = new Map(share.days.map((day) => [day.date, day.units]));
  const eligible = offers
    .filter((offer) => offer.processCode === share.processCode && offer.unitPriceFen <= share.maxUnitPriceFen)
    .sort((a, b) => (a.listingId < b.listingId ? -1 : a.listingId > b.listingId ? 1 : 0));
  const prices = eligible.map((offer) => offer.unitPriceFen);
  const scoring: StageScoring = {
    processCode: share.processCode,
    maxUnitPriceFen: share.maxUnitPriceFen,
    minPriceFen: prices.length ? Math.min(...prices) : 0,
    maxPriceFen: prices.length ? Math.max(...prices) : 0,
    preferredParkId: share.preferredParkId ?? null,
    preferredGroupId: share.preferredGroupId ?? null,
    weights: resolveWeights(options.weights),
    unratedRecord: options.unratedRecord ?? DEFAULT_UNRATED_RECORD,
  };
  const ranked = eligible
    .map((offer) => ({ offer, score: scoreOffer(offer, scoring, null, share.days.length) }))
    .sort((a, b) => b.score.total - a.score.total || a.offer.unitPriceFen - b.offer.unitPriceFen);
  const shareUnits = share.days.reduce((sum, day) => sum + day.units, 0);
  const assignments: Assignment[] = [];
  ranked.forEach(({ offer, score }, index) => {
    const days: DailyUnits[] = [];
    for (const { date, free } of offer.days) {
      const units = Math.min(free, need.get(date) ?? 0);
      if (units > 0) days.push({ date, units });
    }
    const units = days.reduce((sum, day) => sum + day.units, 0);
    if (units === 0 || units < offer.minOrderQuantity) return;
    for (const day of days) need.set(day.date, (need.get(day.date) ?? 0) - day.units);
    days.sort((a, b) => (a.date < b.date ? -1 : 1));
    assignments.push({
      orderId: share.orderId,
      stageSeq: share.stageSeq,
      processCode: share.processCode,
      listingId: offer.listingId,
      firmId: offer.firmId,
      unitPriceFen: offer.unitPriceFen,
      units,
      costFen: units * offer.unitPriceFen,
      days,
      firstDay: days[0].date,
      lastDay: days[days.length - 1].date,
      explanation: explainChoice(
        { offer, score, rank: index + 1, candidateCount: ranked.length, units, stageUnits: shareUnits },
        scoring,
      ),
    });
  });
  const unitsShort = [...need.values()].reduce((sum, units) => sum + units, 0);
  return { assignments, unitsShort };
}
