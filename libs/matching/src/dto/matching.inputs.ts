import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { DateScalar } from '@vg/core';
import { IsEnum, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { ProposalStatus } from '../proposal.entity';

@InputType()
export class ProposalFilterInput {
  @Field(() => ProposalStatus, { nullable: true })
  @IsOptional()
  @IsEnum(ProposalStatus)
  status?: ProposalStatus;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  orderId?: string;
}

@InputType()
export class DeclineProposalInput {
  @Field(() => ID)
  @IsUUID()
  proposalId: string;

  @Field(() => String, { description: 'Told to the buyer and the park; e.g. "machines booked for another brand".' })
  @IsString()
  @Length(3, 500)
  reason: string;
}

@InputType()
export class ReportProgressInput {
  @Field(() => ID)
  @IsUUID()
  proposalId: string;

  @Field(() => DateScalar)
  date: string;

  @Field(() => Int, { description: 'Pieces done that day (replaces an earlier report for the same day).' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  unitsDone: number;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  defectUnits: number;
}

@InputType()
export class DeliverStageInput {
  @Field(() => ID)
  @IsUUID()
  proposalId: string;

  @Field(() => DateScalar)
  deliveredOn: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  unitsDelivered: number;

  @Field(() => Int, { description: 'Pieces found defective at delivery.' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  defectUnits: number;
}
