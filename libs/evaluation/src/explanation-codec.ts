/**
 * Explanations stored compactly: per round, one template per population (a graded firm's explanation), and per
 * firm only what differs from it. Most of an explanation (indicator names, units, weights, benchmarks, caps, rules)
 * is the same for every firm of a population; a firm's own part is its figures, ratios, scores, rank and class.
 *
 * A delta mirrors the template's shape:
 * - `0`: the same as the template here;
 * - an array: an object with exactly the template's keys in the template's order, or an array of the template's
 *   length, given element by element;
 * - a string: this string;
 * - `{ "=": value }`: any other value (a number, a boolean, null, an object or array shaped unlike the template).
 *
 * `expandExplanation(template, compactExplanation(value, template))` is the same value with the same key order, so
 * its JSON is byte for byte the JSON of the value (the spec checks this over a whole population).
 */
export type ExplanationDelta = 0 | string | { '=': unknown } | ExplanationDelta[];

const SAME = 0;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameKeys(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

function literal(value: unknown): ExplanationDelta {
  return typeof value === 'string' ? value : { '=': value };
}

function compact(value: unknown, template: unknown): ExplanationDelta {
  if (value === template) return SAME;
  if (Array.isArray(value)) {
    if (!Array.isArray(template) || template.length !== value.length) return literal(value);
    return deltaOrSame(value.map((element, index) => compact(element, template[index])));
  }
  if (isPlainObject(value)) {
    if (!isPlainObject(template)) return literal(value);
    const keys = Object.keys(value);
    if (!sameKeys(keys, Object.keys(template))) return literal(value);
    return deltaOrSame(keys.map((key) => compact(value[key], template[key])));
  }
  return literal(value);
}

function deltaOrSame(parts: ExplanationDelta[]): ExplanationDelta {
  for (const part of parts) if (part !== SAME) return parts;
  return SAME;
}

/** What of `value` differs from `template` (both JSON values, e.g. two graded firms' explanations). */
export function compactExplanation(value: unknown, template: unknown): ExplanationDelta {
  return compact(value, template);
}

/** The value `compactExplanation` was given, rebuilt from the template and the delta. */
export function expandExplanation<T>(template: unknown, delta: ExplanationDelta): T {
  return expand(template, delta) as T;
}

function expand(template: unknown, delta: ExplanationDelta): unknown {
  if (delta === SAME) return template;
  if (typeof delta === 'string') return delta;
  if (Array.isArray(delta)) {
    if (Array.isArray(template)) return template.map((element, index) => expand(element, delta[index]));
    const source = template as Record<string, unknown>;
    const rebuilt: Record<string, unknown> = {};
    let index = 0;
    for (const key of Object.keys(source)) rebuilt[key] = expand(source[key], delta[index++]);
    return rebuilt;
  }
  return delta['='];
}
