import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Connection, DateTimeScalar, DecimalScalar, toModel } from '@vg/core';
import { AnnualFigureKind } from '@vg/output';
import { EvaluationObjectionEntity, FigureCorrections, ObjectionEvidence } from '../evaluation-objection.entity';
import { ObjectionStatus } from './evaluation-enums';

@ObjectType('FigureValue')
export class FigureValueModel {
  @Field(() => AnnualFigureKind)
  kind: AnnualFigureKind;

  @Field(() => DecimalScalar)
  value: string;

  static list(figures: FigureCorrections | null): FigureValueModel[] {
    return Object.entries(figures ?? {}).map(([kind, value]) =>
      toModel(FigureValueModel, { kind: kind as AnnualFigureKind, value }),
    );
  }
}

@ObjectType('Evidence')
export class EvidenceModel {
  @Field(() => String)
  title: string;

  @Field(() => String)
  reference: string;

  static from(evidence: ObjectionEvidence): EvidenceModel {
    return toModel(EvidenceModel, { title: evidence.title, reference: evidence.reference });
  }
}

@ObjectType('EvaluationObjection', { description: '异议: a firm’s objection to its result during the notice window.' })
export class ObjectionModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  roundId: string;

  @Field(() => ID)
  firmId: string;

  @Field(() => ObjectionStatus)
  status: ObjectionStatus;

  @Field(() => String)
  reason: string;

  @Field(() => [EvidenceModel])
  evidence: EvidenceModel[];

  @Field(() => [FigureValueModel])
  proposedFigures: FigureValueModel[];

  @Field(() => [FigureValueModel], { description: 'What was written on acceptance.' })
  appliedFigures: FigureValueModel[];

  @Field(() => String, { nullable: true })
  decisionReason: string | null;

  @Field(() => DateTimeScalar)
  filedAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  decidedAt: Date | null;

  static from(objection: EvaluationObjectionEntity): ObjectionModel {
    return toModel(ObjectionModel, {
      id: objection.id,
      roundId: objection.roundId,
      firmId: objection.firmId,
      status: objection.status,
      reason: objection.reason,
      evidence: objection.evidence.map(EvidenceModel.from),
      proposedFigures: FigureValueModel.list(objection.proposedFigures),
      appliedFigures: FigureValueModel.list(objection.appliedFigures),
      decisionReason: objection.decisionReason,
      filedAt: objection.filedAt,
      decidedAt: objection.decidedAt,
    });
  }
}

export const ObjectionConnection = Connection(ObjectionModel, 'EvaluationObjection');
