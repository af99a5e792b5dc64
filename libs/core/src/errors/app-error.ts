import { HttpException } from '@nestjs/common';
import { ErrorCode } from './error-code';

/** The HTTP status each code answers with where the transport has one (REST routes, HttpException). */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

/**
 * An error the client may see as-is: a stable code, a message without internals, and the field at fault. An
 * HttpException so Nest treats it as expected (no error-level log for a wrong password).
 */
export class AppError extends HttpException {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super({ message, code, field }, HTTP_STATUS[code]);
    this.name = 'AppError';
  }
}

export const badInput = (field: string, message: string) => new AppError(ErrorCode.BAD_USER_INPUT, message, field);
export const notFound = (what: string) => new AppError(ErrorCode.NOT_FOUND, `${what} not found`);
export const forbidden = (message = 'Not allowed') => new AppError(ErrorCode.FORBIDDEN, message);
export const conflict = (message: string, field?: string) => new AppError(ErrorCode.CONFLICT, message, field);
export const serviceUnavailable = (message = 'The service is briefly unavailable; try again in a moment') =>
  new AppError(ErrorCode.SERVICE_UNAVAILABLE, message);
export const unauthenticated = (message = 'Authentication required') =>
  new AppError(ErrorCode.UNAUTHENTICATED, message);
