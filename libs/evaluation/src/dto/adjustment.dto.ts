import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, DateTimeScalar, toModel } from '@vg/core';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { AdjustmentKind, EvaluationAdjustmentEntity } from '../evaluation-adjustment.entity';

registerEnumType(AdjustmentKind, { name: 'EvaluationAdjustmentKind' });

@InputType()
export class RecordEvaluationAdjustmentInput {
  @Field(() => ID)
  @IsUUID()
  roundId: string;

  @Field(() => ID)
  @IsUUID()
  firmId: string;

  @Field(() => AdjustmentKind)
  @IsEnum(AdjustmentKind)
  kind: AdjustmentKind;

  @Field(() => String, { description: "The scheme's item, override rule or exemption rule id." })
  @IsString()
  @Length(1, 80)
  ruleId: string;

  @Field(() => Int, { nullable: true, description: 'Occurrences, for an ITEM (0 removes it).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  count?: number | null;

  @Field(() => String, { description: 'Where it is documented, e.g. the accident report number.' })
  @IsString()
  @Length(3, 500)
  evidence: string;
}

@ObjectType('EvaluationAdjustment')
export class EvaluationAdjustmentModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  roundId: string;

  @Field(() => ID)
  firmId: string;

  @Field(() => AdjustmentKind)
  kind: AdjustmentKind;

  @Field(() => String)
  ruleId: string;

  @Field(() => Int, { nullable: true })
  count: number | null;

  @Field(() => String)
  evidence: string;

  @Field(() => DateTimeScalar)
  recordedAt: Date;

  static from(entity: EvaluationAdjustmentEntity): EvaluationAdjustmentModel {
    return toModel(EvaluationAdjustmentModel, {
      id: entity.id,
      roundId: entity.roundId,
      firmId: entity.firmId,
      kind: entity.kind,
      ruleId: entity.ruleId,
      count: entity.count,
      evidence: entity.evidence,
      recordedAt: entity.recordedAt,
    });
  }
}

export const EvaluationAdjustmentConnection = Connection(EvaluationAdjustmentModel, 'EvaluationAdjustment');
