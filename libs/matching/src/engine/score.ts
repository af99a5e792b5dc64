import type { CapacityOffer, ScoreExplanation } from './types';

/** Relative weights of the score parts; only their ratios matter (the total is divided by their sum). */
export interface ScoreWeights {
  price: number;
  dueDateSlack: number;
  onTimeRecord: number;
  qualityRecord: number;
  samePark: number;
  sameGroup: number;
}

export const DEFAULT_SCORE_WEIGHTS: Readonly<ScoreWeights> = Object.freeze({
  price: 0.3,
  dueDateSlack: 0.15,
  onTimeRecord: 0.2,
  qualityRecord: 0.15,
  samePark: 0.1,
  sameGroup: 0.1,
});

/** Record score for a firm without history: neither rewarded nor punished against an average one. */
export const DEFAULT_UNRATED_RECORD = 0.5;

type ScorePart = keyof ScoreWeights;
type ScoreParts = Record<ScorePart, number>;

/** Fixed order of the parts, which also breaks ties between equal contributions in the summary. */
const PARTS: readonly ScorePart[] = ['price', 'onTimeRecord', 'qualityRecord', 'dueDateSlack', 'samePark', 'sameGroup'];
const SUMMARY_REASONS = 4;

export interface StageScoring {
  processCode: string;
  maxUnitPriceFen: number;
  /** Cheapest and dearest price among the stage's eligible offers: the price part is relative to them. */
  minPriceFen: number;
  maxPriceFen: number;
  preferredParkId: string | null;
  preferredGroupId: string | null;
  weights: ScoreWeights;
  unratedRecord: number;
  /**
   * Transport per piece (fen) by listingId when the order costs transport: the price part then compares landed
   * prices (unit price + transport) and min/maxPriceFen are landed prices too.
   */
  transportFenPerUnit?: ReadonlyMap<string, number>;
}

/** Unit price plus transport to the delivery point, per piece, in fen. */
export function landedPriceFen(offer: CapacityOffer, scoring: StageScoring): number {
  return offer.unitPriceFen + (scoring.transportFenPerUnit?.get(offer.listingId) ?? 0);
}

export interface OfferScore {
  parts: ScoreParts;
  total: number;
  /** Days between the day the offer alone could finish the stage and the stage's last day; null if it cannot. */
  slackDays: number | null;
}

export function resolveWeights(overrides: Partial<ScoreWeights> | undefined): ScoreWeights {
  const weights = { ...DEFAULT_SCORE_WEIGHTS, ...overrides };
  for (const part of PARTS) {
    const weight = weights[part];
    if (!Number.isFinite(weight) || weight < 0) throw new RangeError(`Score weight ${part} must be ≥ 0, got ${weight}`);
  }
  return weights;
}

/** Scores one offer for one stage; see `scoreParts`. */
export function scoreOffer(
  offer: CapacityOffer,
  scoring: StageScoring,
  slackDays: number | null,
  windowDays: number,
): OfferScore {
  const parts = scoreParts(offer, scoring, slackDays, windowDays);
  return { parts, total: scoreTotal(parts, scoring.weights), slackDays };
}

/**
 * The parts of one offer's score for one stage. `slackDays` over `windowDays` gives the due-date part: an offer
 * that could take the whole stage alone well before the stage's last day leaves the most room for slips downstream.
 */
export function scoreParts(
  offer: CapacityOffer,
  scoring: StageScoring,
  slackDays: number | null,
  windowDays: number,
): ScoreParts {
  const priceSpread = scoring.maxPriceFen - scoring.minPriceFen;
  return {
    price: priceSpread > 0 ? (scoring.maxPriceFen - landedPriceFen(offer, scoring)) / priceSpread : 1,
    dueDateSlack: slackDays === null || windowDays <= 0 ? 0 : Math.min(1, slackDays / windowDays),
    onTimeRecord: recordScore(offer.onTimeRate, scoring.unratedRecord),
    qualityRecord: recordScore(offer.qualityRate, scoring.unratedRecord),
    samePark: scoring.preferredParkId != null && offer.parkId === scoring.preferredParkId ? 1 : 0,
    sameGroup: scoring.preferredGroupId != null && offer.groupIds.includes(scoring.preferredGroupId) ? 1 : 0,
  };
}

/** Weighted mean of the parts, in [0, 1]. */
export function scoreTotal(parts: ScoreParts, weights: ScoreWeights): number {
  let weighted = 0;
  let weightSum = 0;
  for (const part of PARTS) {
    weighted += weights[part] * parts[part];
    weightSum += weights[part];
  }
  return weightSum > 0 ? weighted / weightSum : 0;
}

export interface ChoiceFacts {
  offer: CapacityOffer;
  score: OfferScore;
  rank: number;
  candidateCount: number;
  units: number;
  stageUnits: number;
}

export function explainChoice(facts: ChoiceFacts, scoring: StageScoring): ScoreExplanation {
  const { parts, total } = facts.score;
  return { total, ...parts, fairness: 0, summary: summarize(facts, scoring) };
}

function summarize(facts: ChoiceFacts, scoring: StageScoring): string {
  const { parts } = facts.score;
  const reasons = PARTS.map((part) => ({ part, contribution: scoring.weights[part] * parts[part] }))
    .filter((reason) => reason.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, SUMMARY_REASONS)
    .map((reason) => describePart(reason.part, facts, scoring));
  const why = reasons.length > 0 ? reasons.join(', ') : 'no part scored above zero';
  const share =
    facts.units === facts.stageUnits
      ? `Takes all ${facts.units} pcs.`
      : `Takes ${facts.units} of ${facts.stageUnits} pcs (split across firms).`;
  return (
    `Ranked ${facts.rank} of ${facts.candidateCount} eligible ${scoring.processCode} offers ` +
    `(score ${facts.score.total.toFixed(2)}): ${why}. ${share}`
  );
}

function describePart(part: ScorePart, facts: ChoiceFacts, scoring: StageScoring): string {
  const { offer } = facts;
  switch (part) {
    case 'price':
      return (
        `${facts.score.parts.price === 1 ? 'lowest price' : 'price'} ${yuan(offer.unitPriceFen)} yuan/pc ` +
        `(ceiling ${yuan(scoring.maxUnitPriceFen)})`
      );
    case 'dueDateSlack':
      return `could finish the stage alone ${facts.score.slackDays} days before its last day`;
    case 'onTimeRecord':
      return offer.onTimeRate === null ? 'no on-time record yet (neutral)' : `${percent(offer.onTimeRate)} on time`;
    case 'qualityRecord':
      return offer.qualityRate === null
        ? 'no quality record yet (neutral)'
        : `${percent(offer.qualityRate)} defect-free`;
    case 'samePark':
      return "in the buyer's preferred park";
    case 'sameGroup':
      return "member of the order's group";
  }
}

function recordScore(rate: number | null, unrated: number): number {
  return rate === null ? unrated : Math.min(1, Math.max(0, rate));
}

function yuan(fen: number): string {
  return (fen / 100).toFixed(2);
}

function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}
