/** The data fields of a GraphQL output model: every property that is not a method. */
export type ModelFields<T> = { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: T[K] };

/**
 * The one way to build an output model: every required field must be named, so a field added to the model and
 * forgotten in a mapping is a type error (a plain `Object.assign(new Model(), …)` checks nothing).
 */
export function toModel<T extends object>(model: new () => T, fields: ModelFields<T>): T {
  return Object.assign(new model(), fields);
}
