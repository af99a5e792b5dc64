export * from './types';
export { addDays, daysBetween, isIsoDate, toDayNumber, toIsoDate } from './calendar';
export { quote, type QuoteOptions } from './quote';
export { BuyerConstraints, certifiedOnDays, distanceKm, EARTH_RADIUS_KM, transportCostFen } from './eligibility';
export { DEFAULT_SCORE_WEIGHTS, DEFAULT_UNRATED_RECORD, type ScoreWeights } from './score';
export { replaceShare, type ShareReplacement, type ShareToReplace } from './replace-share';
