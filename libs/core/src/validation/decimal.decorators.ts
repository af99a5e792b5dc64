import { registerDecorator, ValidationOptions } from 'class-validator';
import Decimal from 'decimal.js';

export interface DecimalBounds {
  min?: string;
  max?: string;
  /** Most digits after the point, matching the column's scale. */
  maxScale: number;
  /** Whether `min` itself is allowed (false for "strictly positive"). */
  minInclusive?: boolean;
}

/** Bounds for a Decimal scalar input (a string), checked exactly, never through a float. */
export function IsDecimalWithin(bounds: DecimalBounds, options?: ValidationOptions) {
  return (target: object, propertyName: string) => {
    registerDecorator({
      name: 'isDecimalWithin',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate(value: unknown) {
          if (typeof value !== 'string') return false;
          let number: Decimal;
          try {
            number = new Decimal(value);
          } catch {
            return false;
          }
          if (number.decimalPlaces() > bounds.maxScale) return false;
          if (bounds.min !== undefined) {
            const compared = number.comparedTo(bounds.min);
            if (compared < 0 || (compared === 0 && bounds.minInclusive === false)) return false;
          }
          return bounds.max === undefined || number.comparedTo(bounds.max) <= 0;
        },
        defaultMessage() {
          const lower =
            bounds.min === undefined
              ? ''
              : `${bounds.minInclusive === false ? 'greater than' : 'at least'} ${bounds.min}`;
          const upper = bounds.max === undefined ? '' : `at most ${bounds.max}`;
          return `must be a decimal ${[lower, upper].filter(Boolean).join(' and ')} with at most ${bounds.maxScale} decimals`;
        },
      },
    });
  };
}
