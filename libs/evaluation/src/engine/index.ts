export { evaluate } from './evaluate';
export { EvaluationInputError } from './evaluation-input.error';
export { EVALUATION_RULES, type EvaluationRules } from './evaluation-rules';
export { FIGURE_KEYS, INPUT_FIGURE_KEYS, type FigureKey, type InputFigureKey } from './figures';
export type { ExemptionClaim, FirmFigures, FirmYearInput, OverrideClaim } from './firm-input.types';
export { HUANGYAN_2022_SCHEME } from './huangyan-2022.scheme';
export type * from './result.types';
export type * from './scheme.types';
export { whatIf } from './what-if';
