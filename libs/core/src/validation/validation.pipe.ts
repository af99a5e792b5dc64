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
 * Validates every argument and input (nested too), strips nothing silently: unknown fields never reach us
 * because GraphQL rejects them first. Fails closed: a failure names the field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: true,
    validateCustomDecorators: false,
    exceptionFactory: (errors) => {
      const failure = firstFailure(errors) ?? { field: 'input', message: 'Invalid input' };
      return new BadRequestException({ message: `${failure.field}: ${failure.message}`, field: failure.field });
    },
  });
}
