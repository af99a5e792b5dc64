import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, PayloadTooLargeException } from '@nestjs/common';
import { Response } from 'express';
import { AppError, HTTP_STATUS } from './app-error';
import { ErrorCode } from './error-code';

/**
 * The REST routes' errors in the GraphQL shape (`{ errors: [{ message, extensions: { code, field? } }] }`), so a
 * client handles both alike. A body over the route's cap is BAD_USER_INPUT with status 413, naming `field`; any
 * other HTTP refusal keeps its status; anything unexpected is masked (no SQL, no stack).
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  constructor(
    private readonly field: string,
    private readonly capDescription: string,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, code, message, field } = this.describe(exception);
    response.status(status).json({ errors: [{ message, extensions: { code, ...(field ? { field } : {}) } }] });
  }

  private describe(exception: unknown): { status: number; code: ErrorCode; message: string; field?: string } {
    if (exception instanceof AppError) {
      return {
        status: HTTP_STATUS[exception.code],
        code: exception.code,
        message: exception.message,
        field: exception.field,
      };
    }
    if (exception instanceof PayloadTooLargeException) {
      return {
        status: 413,
        code: ErrorCode.BAD_USER_INPUT,
        message: `The file is larger than ${this.capDescription}`,
        field: this.field,
      };
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      const code =
        status === 401 ? ErrorCode.UNAUTHENTICATED : status === 403 ? ErrorCode.FORBIDDEN : ErrorCode.BAD_USER_INPUT;
      return {
        status,
        code,
        message: exception.message,
        field: code === ErrorCode.BAD_USER_INPUT ? this.field : undefined,
      };
    }
    this.logger.error(exception instanceof Error ? exception.message : 'unknown error');
    return { status: 500, code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' };
  }
}
