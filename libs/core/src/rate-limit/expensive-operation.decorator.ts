import { applyDecorators } from '@nestjs/common';
import { Cost } from '../graphql/query-cost';
import { ExpensiveOperationRule, RateLimit } from './rate-limit.decorator';

/**
 * One line for an operation that costs real work per call (a quote): a document may hold only a few of it (its
 * weight against the document budget, refused before anything runs), and each caller may call it only so often.
 */
export const ExpensiveOperation = ({ bucket, weight, limit, windowSeconds }: ExpensiveOperationRule) =>
  applyDecorators(Cost(weight), RateLimit(bucket, limit, windowSeconds));
