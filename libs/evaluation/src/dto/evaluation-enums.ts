import { registerEnumType } from '@nestjs/graphql';
import { PolicyBasis, PolicyMeasure } from '../class-policy.entity';
import { ObjectionStatus } from '../evaluation-objection.entity';
import { ResultStatus } from '../evaluation-result.entity';
import { RoundStatus } from '../evaluation-round.entity';

registerEnumType(RoundStatus, {
  name: 'EvaluationRoundStatus',
  description: 'DRAFT → COMPUTED (recomputable) → NOTICE (objection window) → PUBLISHED (immutable).',
});
registerEnumType(ResultStatus, { name: 'EvaluationResultStatus' });
registerEnumType(ObjectionStatus, { name: 'ObjectionStatus' });
registerEnumType(PolicyMeasure, { name: 'PolicyMeasure' });
registerEnumType(PolicyBasis, {
  name: 'PolicyBasis',
  description:
    'ELECTRICITY_KWH (rate 元/kWh), WATER_T (元/t of water drawn), TAX_PAID_YUAN (fraction), ENERGY_TCE (fraction, a quota in tce), FIXED (元).',
});

export { ObjectionStatus, PolicyBasis, PolicyMeasure, ResultStatus, RoundStatus };
