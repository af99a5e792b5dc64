import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, DateTimeScalar, DecimalScalar, IsDecimalWithin, toModel } from '@vg/core';
import { ArrayMaxSize, IsArray, IsIn, IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { ReplanJobEntity, ReplanJobStatus } from '../replan-job.entity';

registerEnumType(ReplanJobStatus, { name: 'ReplanJobStatus' });

@InputType({ description: 'The fairness lever: who gets work when capacity is short.' })
export class ReplanFairnessInput {
  @Field(() => Float, {
    nullable: true,
    description: 'Cap on the share of one listing’s free capacity the plan may use, in (0, 1]; 1 = no cap.',
  })
  @IsOptional()
  @IsNumber()
  @Min(0.01)
  @Max(1)
  maxShareOfFirmFreeCapacity?: number;

  @Field(() => [String], { nullable: true, description: 'Evaluation classes to favour, e.g. ["C", "D"].' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(['A', 'B', 'C', 'D'], { each: true })
  preferClasses?: ('A' | 'B' | 'C' | 'D')[];

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'Yuan per piece a favoured firm competes as if it were cheaper (it is still paid its own price).',
  })
  @IsOptional()
  @IsDecimalWithin({ min: '0', max: '1000', maxScale: 2 })
  preferClassBonus?: string;
}

@InputType()
export class StartReplanInput {
  @Field(() => ID, { nullable: true, description: 'Platform admins name the park; park admins re-plan their own.' })
  @IsOptional()
  @IsUUID()
  parkId?: string;

  @Field(() => ReplanFairnessInput, { nullable: true })
  @IsOptional()
  fairness?: ReplanFairnessInput;
}

@ObjectType('ReplanFill')
export class ReplanFillModel {
  @Field(() => Int, { description: 'Pieces through the whole route in complete plans sent as proposals.' })
  unitsProposed: number;

  @Field(() => DecimalScalar, { description: 'Yuan paid to firms for those plans.' })
  cost: string;

  @Field(() => Int)
  ordersFullyProposed: number;
}

@ObjectType('ReplanChanges')
export class ReplanChangesModel {
  @Field(() => Int)
  ordersConsidered: number;

  @Field(() => Int, { description: 'Orders booked or cancelled while the engine ran; left alone.' })
  ordersSkippedBecauseChanged: number;

  @Field(() => Int)
  proposalsSuperseded: number;

  @Field(() => Int)
  proposalsMade: number;

  @Field(() => [ID], { description: 'Orders that had a complete plan before and have none now.' })
  ordersThatLostTheirPlan: string[];
}

@ObjectType('ReplanFirmUtilisation')
export class ReplanFirmUtilisationModel {
  @Field(() => ID)
  firmId: string;

  @Field(() => String, { nullable: true })
  evaluationClass: string | null;

  @Field(() => Int)
  freeUnits: number;

  @Field(() => Int)
  assignedUnits: number;

  @Field(() => Float, { description: 'assigned / free.' })
  share: number;
}

export const ReplanFirmUtilisationConnection = Connection(ReplanFirmUtilisationModel, 'ReplanFirmUtilisation');

@ObjectType('ReplanJob')
export class ReplanJobModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  parkId: string;

  @Field(() => ReplanJobStatus)
  status: ReplanJobStatus;

  @Field(() => Float, { description: 'Share of the engine’s work done, 0..1.' })
  progress: number;

  @Field(() => String, { nullable: true })
  phase: string | null;

  @Field(() => Boolean)
  cancelRequested: boolean;

  @Field(() => Boolean, { description: 'True when the schedule started it (REPLAN_EVERY_MINUTES), not an admin.' })
  scheduled: boolean;

  @Field(() => String, { description: 'The options as requested (JSON).' })
  options: string;

  @Field(() => ReplanFillModel, { nullable: true })
  before: ReplanFillModel | null;

  @Field(() => ReplanFillModel, { nullable: true })
  after: ReplanFillModel | null;

  @Field(() => ReplanChangesModel, { nullable: true })
  changes: ReplanChangesModel | null;

  @Field(() => String, { nullable: true })
  error: string | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  startedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  finishedAt: Date | null;

  /** Kept for the firmUtilisation field; not in the schema. */
  firms: ReplanFirmUtilisationModel[];

  static from(job: ReplanJobEntity): ReplanJobModel {
    const result = (job.result ?? {}) as {
      before?: ReplanFillModel;
      after?: ReplanFillModel;
      changes?: ReplanChangesModel;
      firms?: ReplanFirmUtilisationModel[];
    };
    return toModel(ReplanJobModel, {
      id: job.id,
      parkId: job.parkId,
      status: job.status,
      progress: Number(job.progress),
      phase: job.phase,
      cancelRequested: job.cancelRequested,
      scheduled: job.requestedBy === null,
      options: JSON.stringify(job.options),
      before: result.before ?? null,
      after: result.after ?? null,
      changes: result.changes ?? null,
      error: job.error,
      createdAt: job.createdAt,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
      firms: result.firms ?? [],
    });
  }
}

export const ReplanJobConnection = Connection(ReplanJobModel, 'ReplanJob');
