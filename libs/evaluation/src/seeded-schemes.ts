/** The id under which migration EvaluationImmutability1795312987145 stored the Huangyan 2022 scheme. */
export const HUANGYAN_2022_SCHEME_ID = '00000000-0000-4000-8000-0000000e2022';
