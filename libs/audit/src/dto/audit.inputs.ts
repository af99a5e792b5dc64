import { ArgsType, Field, ID, InputType, Int } from '@nestjs/graphql';
import { ExportFormat } from '@vg/core';
import { IsEnum, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { AuditSubject } from '../audit-event.entity';

@InputType()
export class AuditTrailFilterInput {
  @Field(() => ID, {
    nullable: true,
    description: 'Park admins read their own park; platform admins a named park, or without one every record.',
  })
  @IsOptional()
  @IsUUID()
  parkId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Changes to one firm’s records.' })
  @IsOptional()
  @IsUUID()
  firmId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Changes made within one evaluation round.' })
  @IsOptional()
  @IsUUID()
  roundId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Changes to records of one year (figures, scales, rounds).' })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number | null;

  @Field(() => AuditSubject, { nullable: true })
  @IsOptional()
  @IsEnum(AuditSubject)
  subject?: AuditSubject | null;
}

@ArgsType()
export class AuditExportArgs {
  @Field(() => ExportFormat)
  @IsEnum(ExportFormat)
  format: ExportFormat;
}
