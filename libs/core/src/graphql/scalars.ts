import { GraphQLScalarType, Kind, ValueNode } from 'graphql';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
// Plain TypeErrors on purpose: graphql-js then attaches the literal's location, from which the field is named.
const DECIMAL = /^-?(0|[1-9]\d{0,17})(\.\d{1,6})?$/;

/** True for a real calendar day written as YYYY-MM-DD: `2024-02-30` is false, not March 1st. */
export function isStrictIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function stringLiteral(ast: ValueNode, scalar: string): string {
  if (ast.kind !== Kind.STRING) throw new TypeError(`${scalar} must be given as a string`);
  return ast.value;
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isStrictIsoDate(value)) {
    throw new TypeError(`Date must be a real calendar day as YYYY-MM-DD (got ${JSON.stringify(value)})`);
  }
  return value;
}

/** A calendar day (`YYYY-MM-DD`), carried as a string so no time zone can shift it. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar day, YYYY-MM-DD (strict: 2024-02-30 is an error).',
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return parseDate(value);
  },
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(stringLiteral(ast, 'Date')),
});

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string') throw new TypeError('DateTime must be an ISO 8601 string with a time zone');
  const match = ISO_DATE_TIME.exec(value);
  if (!match || !isStrictIsoDate(`${match[1]}-${match[2]}-${match[3]}`)) {
    throw new TypeError(`DateTime must be ISO 8601 with a time zone, e.g. 2026-11-01T08:00:00+08:00`);
  }
  const [hours, minutes, seconds] = [Number(match[4]), Number(match[5]), Number(match[6])];
  if (hours > 23 || minutes > 59 || seconds > 59) throw new TypeError('DateTime has an impossible time of day');
  return new Date(value);
}

/** An instant, ISO 8601 with a time zone on input, UTC `Z` on output. */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant, ISO 8601 with a time zone (e.g. 2026-11-01T08:00:00+08:00); returned in UTC.',
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString();
    return parseDateTime(value).toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(stringLiteral(ast, 'DateTime')),
});

function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw new TypeError(
      `Decimal must be a string of digits with at most 6 decimals, e.g. "1234.56" (got ${JSON.stringify(value)})`,
    );
  }
  return value === '-0' ? '0' : value;
}

/** Exact decimal numbers (money, areas, official figures) carried as strings, never as floats. */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal number as a string, e.g. "13333.33". Never a float.',
  serialize: (value) => {
    if (typeof value === 'number' || typeof value === 'bigint') return String(value);
    // Kept as given: a money column's scale ("1.20") is part of what the figure says.
    if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return value;
    throw new TypeError('Decimal output must be a string');
  },
  parseValue: parseDecimal,
  parseLiteral: (ast) => parseDecimal(stringLiteral(ast, 'Decimal')),
});
