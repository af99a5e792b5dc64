import { Field, ID, InputType } from '@nestjs/graphql';
import { DateScalar } from '@vg/core';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { GroupStatus } from '../virtual-group.entity';

const PROCESS_CODE = /^[A-Z][A-Z0-9_]{1,39}$/;
export const MAX_GROUP_STAGES = 12;
export const MAX_GROUP_MEMBERS = 200;

@InputType()
export class GroupMemberInput {
  @Field(() => ID)
  @IsUUID()
  firmId: string;

  @Field(() => String, { description: 'One of the group’s stage processes; the firm must list it.' })
  @Matches(PROCESS_CODE, { message: 'must be a catalogue code' })
  stageProcess: string;

  @Field(() => DateScalar, { description: 'The day the firm joined the group (its uplift baseline ends here).' })
  joinedOn: string;
}

@InputType()
export class FormVirtualGroupInput {
  @Field(() => String)
  @IsString()
  @Length(1, 200)
  name: string;

  @Field(() => String, { description: 'The product line, e.g. 女式羽绒服 (women’s down jackets).' })
  @IsString()
  @Length(1, 200)
  productLine: string;

  @Field(() => [String], { description: 'The chain’s stages in order, as process codes (1 to 12).' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_GROUP_STAGES)
  @ArrayUnique()
  @Matches(PROCESS_CODE, { each: true, message: 'each stage must be a catalogue code' })
  stageProcesses: string[];

  @Field(() => ID, { nullable: true, description: 'The lead firm (链主); an SME owner leads with their own firm.' })
  @IsOptional()
  @IsUUID()
  leadFirmId?: string;

  @Field(() => [GroupMemberInput], { description: 'Member firms per stage (up to 200).' })
  @IsArray()
  @ArrayMaxSize(MAX_GROUP_MEMBERS)
  @ValidateNested({ each: true })
  @Type(() => GroupMemberInput)
  members: GroupMemberInput[];
}

@InputType()
export class AddGroupMemberInput extends GroupMemberInput {
  @Field(() => ID)
  @IsUUID()
  groupId: string;
}

@InputType()
export class EndGroupMembershipInput {
  @Field(() => ID)
  @IsUUID()
  memberId: string;

  @Field(() => DateScalar, { description: 'The last day of membership; the row is kept as history.' })
  leftOn: string;
}

@InputType()
export class RejectVirtualGroupInput {
  @Field(() => ID)
  @IsUUID()
  groupId: string;

  @Field(() => String)
  @IsString()
  @Length(1, 500)
  reason: string;
}

@InputType()
export class VirtualGroupFilterInput {
  @Field(() => GroupStatus, { nullable: true })
  @IsOptional()
  @IsEnum(GroupStatus)
  status?: GroupStatus;

  @Field(() => ID, { nullable: true, description: 'Groups this firm is (or was) a member or the lead of.' })
  @IsOptional()
  @IsUUID()
  firmId?: string;
}
