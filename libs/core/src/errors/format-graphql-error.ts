import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { AppError } from './app-error';
import { isDatabaseUnavailable } from './database-unavailable';
import { ErrorCode } from './error-code';

/** Codes Apollo and graphql-js raise for malformed documents and variables: all the client's fault. */
const CLIENT_INPUT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
]);

export interface MaskedErrorReport {
  original: unknown;
  path?: readonly (string | number)[];
  /** The database was unreachable: the client was told to retry (SERVICE_UNAVAILABLE), not shown a bug. */
  unavailable: boolean;
}

/**
 * Maps every error to one stable shape: `{ message, path, extensions: { code, field? } }`. Anything that is not a
 * known client error is masked, so no SQL, bound parameter, table name or stack trace reaches a client whatever
 * NODE_ENV says. `onMasked` lets the caller log the original (without secrets).
 */
export function formatGraphqlError(
  formatted: GraphQLFormattedError,
  error: unknown,
  onMasked: (report: MaskedErrorReport) => void,
): GraphQLFormattedError {
  const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };

  if (original instanceof AppError) {
    return {
      ...base,
      message: original.message,
      extensions: { code: original.code, ...(original.field ? { field: original.field } : {}) },
    };
  }
  const httpLike = httpExceptionToAppError(original);
  if (httpLike) {
    return {
      ...base,
      message: httpLike.message,
      extensions: { code: httpLike.code, ...(httpLike.field ? { field: httpLike.field } : {}) },
    };
  }
  const graphqlCode = formatted.extensions?.code;
  if (typeof graphqlCode === 'string' && CLIENT_INPUT_CODES.has(graphqlCode)) {
    const field = fieldFromGraphqlMessage(formatted.message) ?? fieldFromQueryText(error);
    return {
      ...base,
      extensions: { code: ErrorCode.BAD_USER_INPUT, ...(field ? { field } : {}) },
    };
  }
  if (
    graphqlCode === ErrorCode.UNAUTHENTICATED ||
    graphqlCode === ErrorCode.FORBIDDEN ||
    graphqlCode === ErrorCode.SERVICE_UNAVAILABLE
  ) {
    return { ...base, extensions: { code: graphqlCode } };
  }
  if (isDatabaseUnavailable(original)) {
    onMasked({ original, path: formatted.path, unavailable: true });
    return {
      message: 'The service is briefly unavailable; try again in a moment',
      path: formatted.path,
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
    };
  }
  onMasked({ original, path: formatted.path, unavailable: false });
  return {
    message: 'Internal server error',
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/** Nest's HttpExceptions (e.g. from the validation pipe) carry a status and a response body. */
function httpExceptionToAppError(error: unknown): AppError | null {
  if (!error || typeof error !== 'object' || !('getStatus' in error) || typeof error.getStatus !== 'function') {
    return null;
  }
  const status = error.getStatus() as number;
  const response = 'getResponse' in error && typeof error.getResponse === 'function' ? error.getResponse() : null;
  const field = response && typeof response === 'object' && 'field' in response ? String(response.field) : undefined;
  const message =
    response && typeof response === 'object' && 'message' in response
      ? [response.message].flat().join('; ')
      : 'Request refused';
  if (status === 400) return new AppError(ErrorCode.BAD_USER_INPUT, message, field);
  if (status === 401) return new AppError(ErrorCode.UNAUTHENTICATED, 'Authentication required');
  if (status === 403) return new AppError(ErrorCode.FORBIDDEN, 'Not allowed');
  if (status === 404) return new AppError(ErrorCode.NOT_FOUND, 'Not found');
  if (status === 409) return new AppError(ErrorCode.CONFLICT, message, field);
  if (status === 429) return new AppError(ErrorCode.RATE_LIMITED, message);
  if (status === 503) return new AppError(ErrorCode.SERVICE_UNAVAILABLE, message);
  return null;
}

/**
 * graphql-js names the offending field in quotes; the last quoted path segment before "of"/"at" names it well
 * enough for a client, e.g. `Variable "$input" got invalid value "2024-02-30" at "input.dueDate"` → `input.dueDate`,
 * `Field "foo" is not defined by type "CreateFirmInput"` → `foo`.
 */
export function fieldFromGraphqlMessage(message: string): string | undefined {
  const at = /at "([^"]+)"/.exec(message);
  if (at) return at[1];
  const field = /Field "([^"]+)"/.exec(message);
  if (field) return field[1];
  const argument = /[Aa]rgument "([^"]+)"/.exec(message);
  if (argument) return argument[1];
  const variable = /Variable "\$([^"]+)"/.exec(message);
  if (variable) return variable[1];
  return undefined;
}

/**
 * A bad literal written in the query text (`joinedOn: "2024-02-30"`) comes with its position but no field name:
 * the name is the identifier just before the value.
 */
export function fieldFromQueryText(error: unknown): string | undefined {
  if (!(error instanceof GraphQLError) || !error.source || !error.positions?.length) return undefined;
  const before = error.source.body.slice(0, error.positions[0]);
  return /([_A-Za-z][_0-9A-Za-z]*)\s*:\s*$/.exec(before)?.[1];
}
