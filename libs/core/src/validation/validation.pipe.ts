import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/** The first failing property's dotted path, e.g. `input.plots.0.areaM2`. */
function firstFailure(errors: ValidationError[], prefix = ''): { field: string; message: string } | null {
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints && Object.keys(error.constraints).length) {
      return { field, message: Object.values(error.constraints)[0] };
    }
    const nested = firstFailure(error.children ?? [], field);
    if (nested) return nested;
  }
  return null;
}

/**
 * Validates every argument and input (nested too) and fails closed, naming the field. No whitelist stripping:
 * GraphQL already rejects unknown fields, and stripping would silently drop fields checked only by their scalar
 * (a Date, say).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: false,
    forbidUnknownValues: true,
    validateCustomDecorators: false,
    exceptionFactory: (errors) => {
      const failure = firstFailure(errors) ?? { field: 'input', message: 'Invalid input' };
      return new BadRequestException({ message: `${failure.field}: ${failure.message}`, field: failure.field });
    },
  });
}
