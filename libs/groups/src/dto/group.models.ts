import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, DateScalar, DateTimeScalar } from '@vg/core';
import { GroupStatus } from '../virtual-group.entity';

registerEnumType(GroupStatus, {
  name: 'GroupStatus',
  description: 'PENDING_APPROVAL (proposed by a lead firm) → ACTIVE or REJECTED; ACTIVE → DISSOLVED.',
});

@ObjectType('GroupMember')
export class GroupMemberModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  firmId: string;

  @Field(() => String)
  firmName: string;

  @Field(() => String, { description: 'The chain stage the firm does for the group (a process code).' })
  stageProcess: string;

  @Field(() => DateScalar)
  joinedOn: string;

  @Field(() => DateScalar, { nullable: true, description: 'Set once the firm left; the membership stays as history.' })
  leftOn: string | null;
}

@ObjectType('VirtualGroup')
export class VirtualGroupModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  parkId: string;

  @Field(() => String)
  name: string;

  @Field(() => String)
  productLine: string;

  @Field(() => [String], { description: 'The chain’s stages in order (process codes).' })
  stageProcesses: string[];

  @Field(() => ID)
  leadFirmId: string;

  @Field(() => String)
  leadFirmName: string;

  @Field(() => GroupStatus)
  status: GroupStatus;

  @Field(() => DateScalar, { nullable: true })
  formedOn: string | null;

  @Field(() => DateScalar, { nullable: true })
  dissolvedOn: string | null;

  @Field(() => String, { nullable: true })
  rejectionReason: string | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  decidedAt: Date | null;

  @Field(() => Int, { description: 'Firms that are members now (of any stage).' })
  currentMemberCount: number;

  @Field(() => [GroupMemberModel], { description: 'Every membership, current and past, by stage then join date.' })
  members: GroupMemberModel[];
}

export const VirtualGroupConnection = Connection(VirtualGroupModel, 'VirtualGroup');
