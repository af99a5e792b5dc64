export * from './types';
export { addDays, daysBetween, isIsoDate, toDayNumber, toIsoDate } from './calendar';
export { quote, type QuoteOptions } from './quote';
export { DEFAULT_SCORE_WEIGHTS, DEFAULT_UNRATED_RECORD, type ScoreWeights } from './score';
export { replaceShare, type ShareReplacement, type ShareToReplace } from './replace-share';
