import { registerDecorator, ValidationOptions } from 'class-validator';
import { usccProblem } from '../uscc/uscc';

/** A unified social credit code with a correct GB 32100-2015 check character. */
export function IsUscc(options?: ValidationOptions) {
  return (target: object, propertyName: string) => {
    registerDecorator({
      name: 'isUscc',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => typeof value === 'string' && usccProblem(value) === null,
        defaultMessage: (args) =>
          `is not a valid unified social credit code (${typeof args?.value === 'string' ? usccProblem(args.value) : 'not a string'})`,
      },
    });
  };
}
