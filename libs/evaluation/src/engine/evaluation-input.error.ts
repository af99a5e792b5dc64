/** The scheme or the firm data cannot be evaluated as given; the message names the offending part. */
export class EvaluationInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationInputError';
  }
}
