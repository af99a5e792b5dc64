import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection, DateTimeScalar, DecimalScalar, toModel } from '@vg/core';
import { ClassPolicyEntity } from '../class-policy.entity';
import { PolicyLedgerEntryEntity } from '../policy-ledger-entry.entity';
import { PolicyBasis, PolicyMeasure } from './evaluation-enums';

@ObjectType('ClassPolicy', { description: 'A park’s measure for one class (差别化政策).' })
export class ClassPolicyModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  parkId: string;

  @Field(() => String, { name: 'class' })
  grade: string;

  @Field(() => PolicyMeasure)
  measure: PolicyMeasure;

  @Field(() => PolicyBasis)
  basis: PolicyBasis;

  @Field(() => DecimalScalar, { description: 'In the basis’ rate unit (see PolicyBasis).' })
  rate: string;

  @Field(() => Int)
  minConsecutiveYears: number;

  @Field(() => String)
  description: string;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  retiredAt: Date | null;

  static from(policy: ClassPolicyEntity): ClassPolicyModel {
    return toModel(ClassPolicyModel, {
      id: policy.id,
      parkId: policy.parkId,
      grade: policy.grade,
      measure: policy.measure,
      basis: policy.basis,
      rate: policy.rate,
      minConsecutiveYears: policy.minConsecutiveYears,
      description: policy.description,
      createdAt: policy.createdAt,
      retiredAt: policy.retiredAt,
    });
  }
}

export const ClassPolicyConnection = Connection(ClassPolicyModel, 'ClassPolicy');

@ObjectType('PolicyLedgerEntry', { description: 'A measure applied to a firm by a published round.' })
export class PolicyLedgerEntryModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  roundId: string;

  @Field(() => ID)
  firmId: string;

  @Field(() => ID)
  policyId: string;

  @Field(() => String, { name: 'class' })
  grade: string;

  @Field(() => Int, { description: 'Years in a row in this class, this one included.' })
  consecutiveYears: number;

  @Field(() => PolicyMeasure)
  measure: PolicyMeasure;

  @Field(() => PolicyBasis)
  basis: PolicyBasis;

  @Field(() => DecimalScalar, { nullable: true, description: 'kWh, t, yuan or tce; null for FIXED.' })
  basisQuantity: string | null;

  @Field(() => DecimalScalar)
  rate: string;

  @Field(() => DecimalScalar)
  amount: string;

  @Field(() => String, { description: '元 or tce.' })
  unit: string;

  static from(entry: PolicyLedgerEntryEntity): PolicyLedgerEntryModel {
    return toModel(PolicyLedgerEntryModel, {
      id: entry.id,
      roundId: entry.roundId,
      firmId: entry.firmId,
      policyId: entry.policyId,
      grade: entry.grade,
      consecutiveYears: entry.consecutiveYears,
      measure: entry.measure,
      basis: entry.basis,
      basisQuantity: entry.basisQuantity,
      rate: entry.rate,
      amount: entry.amount,
      unit: entry.unit,
    });
  }
}

export const PolicyLedgerEntryConnection = Connection(PolicyLedgerEntryModel, 'PolicyLedgerEntry');
