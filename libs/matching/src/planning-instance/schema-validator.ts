/**
 * A small validator for the JSON Schema subset our file formats use (draft 2020-12 keywords: `$ref` to `#/$defs`,
 * type, const, enum, properties, required, additionalProperties: false, items, minItems, minLength, pattern,
 * minimum, maximum, oneOf). Driven by the schema file itself, so the schema in the repo is what is enforced;
 * errors name the JSON path of the offending value (`$.orders[3].route[0].maxUnitPrice`).
 */

export interface SchemaError {
  path: string;
  message: string;
}

type Schema = {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'null' | 'boolean';
  const?: unknown;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: Schema;
  minItems?: number;
  minLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  oneOf?: Schema[];
  $defs?: Record<string, Schema>;
};

/** Errors found (at most `limit`), in document order; empty when the value is valid. */
export function validateAgainstSchema(root: object, value: unknown, limit = 20): SchemaError[] {
  const errors: SchemaError[] = [];
  const patterns = new Map<string, RegExp>();
  const resolve = (schema: Schema): Schema => {
    if (!schema.$ref) return schema;
    const name = /^#\/\$defs\/(.+)$/.exec(schema.$ref)?.[1];
    const target = name === undefined ? undefined : (root as Schema).$defs?.[name];
    if (!target) throw new Error(`Schema reference not found: ${schema.$ref}`);
    return resolve(target);
  };

  const check = (schema: Schema, node: unknown, path: string, out: SchemaError[]): void => {
    if (out.length >= limit) return;
    const s = resolve(schema);
    if (s.oneOf) {
      const outcomes = s.oneOf.map((branch) => {
        const branchErrors: SchemaError[] = [];
        check(branch, node, path, branchErrors);
        return { branch: resolve(branch), errors: branchErrors };
      });
      const passing = outcomes.filter((outcome) => outcome.errors.length === 0).length;
      if (passing === 1) return;
      if (passing > 1) {
        out.push({ path, message: 'matches more than one allowed form' });
        return;
      }
      // Report the errors of the form whose type fits the value, else name the forms allowed.
      let fitting = outcomes.filter((outcome) => typeFits(outcome.branch, node));
      if (fitting.length > 1 && node !== null && typeof node === 'object') {
        // Several object forms: the one whose required keys are all there is the one meant.
        const keyed = fitting.filter((outcome) => (outcome.branch.required ?? []).every((key) => key in node));
        if (keyed.length === 1) fitting = keyed;
      }
      if (fitting.length === 1) out.push(...fitting[0].errors);
      else out.push({ path, message: `must be ${outcomes.map((outcome) => describe(outcome.branch)).join(' or ')}` });
      return;
    }
    if ('const' in s && node !== s.const) {
      out.push({ path, message: `must be ${JSON.stringify(s.const)}` });
      return;
    }
    if (s.enum && !s.enum.includes(node)) {
      out.push({ path, message: `must be one of ${s.enum.map((item) => JSON.stringify(item)).join(', ')}` });
      return;
    }
    if (s.type && !typeFits(s, node)) {
      out.push({ path, message: `must be ${article(s.type)}` });
      return;
    }
    if (typeof node === 'string') {
      if (s.minLength !== undefined && node.length < s.minLength) {
        out.push({ path, message: `must not be shorter than ${s.minLength} character(s)` });
      }
      if (s.pattern !== undefined) {
        let regex = patterns.get(s.pattern);
        if (!regex) patterns.set(s.pattern, (regex = new RegExp(s.pattern)));
        if (!regex.test(node)) out.push({ path, message: `must match ${s.pattern}, got ${JSON.stringify(node)}` });
      }
    }
    if (typeof node === 'number') {
      if (s.minimum !== undefined && node < s.minimum) out.push({ path, message: `must be ≥ ${s.minimum}` });
      if (s.maximum !== undefined && node > s.maximum) out.push({ path, message: `must be ≤ ${s.maximum}` });
    }
    if (Array.isArray(node)) {
      if (s.minItems !== undefined && node.length < s.minItems) {
        out.push({ path, message: `must have at least ${s.minItems} item(s)` });
      }
      if (s.items)
        for (let i = 0; i < node.length && out.length < limit; i++) check(s.items, node[i], `${path}[${i}]`, out);
    } else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      for (const key of s.required ?? []) {
        if (!(key in record)) out.push({ path: `${path}.${key}`, message: 'is required' });
      }
      for (const [key, child] of Object.entries(record)) {
        const childSchema = s.properties?.[key];
        if (childSchema) check(childSchema, child, `${path}.${key}`, out);
        else if (s.additionalProperties === false) out.push({ path: `${path}.${key}`, message: 'is not allowed here' });
      }
    }
  };

  check(root as Schema, value, '$', errors);
  return errors.slice(0, limit);
}

function typeFits(schema: Schema, node: unknown): boolean {
  switch (schema.type) {
    case undefined:
      return true;
    case 'null':
      return node === null;
    case 'array':
      return Array.isArray(node);
    case 'object':
      return node !== null && typeof node === 'object' && !Array.isArray(node);
    case 'integer':
      return typeof node === 'number' && Number.isInteger(node);
    case 'number':
      return typeof node === 'number' && Number.isFinite(node);
    default:
      return typeof node === schema.type;
  }
}

function describe(schema: Schema): string {
  if (schema.enum) return `one of ${schema.enum.map((item) => JSON.stringify(item)).join(', ')}`;
  if (schema.type === 'object' && schema.required) return `an object with ${schema.required.join(', ')}`;
  return schema.type ? article(schema.type) : 'a valid value';
}

function article(type: string): string {
  return type === 'null' ? 'null' : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}
