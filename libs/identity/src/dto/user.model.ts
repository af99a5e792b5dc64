import { Field, ID, ObjectType } from '@nestjs/graphql';
import { Role, toModel } from '@vg/core';
import { UserEntity } from '../user.entity';

@ObjectType('User')
export class UserModel {
  @Field(() => ID)
  id: string;

  @Field()
  email: string;

  @Field()
  displayName: string;

  @Field(() => Role)
  role: Role;

  @Field(() => ID, { nullable: true, description: 'The park a park admin or SME owner belongs to.' })
  parkId: string | null;

  @Field(() => ID, { nullable: true, description: 'The firm an SME owner runs.' })
  firmId: string | null;

  @Field(() => ID, { nullable: true, description: 'The buyer organisation a buyer works for.' })
  buyerOrgId: string | null;

  @Field({ description: 'A disabled account cannot sign in and its tokens are refused.' })
  disabled: boolean;

  static from(user: UserEntity): UserModel {
    return toModel(UserModel, {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      parkId: user.parkId,
      firmId: user.firmId,
      buyerOrgId: user.buyerOrgId,
      disabled: user.disabledAt !== null,
    });
  }
}

@ObjectType('AuthPayload')
export class AuthPayloadModel {
  @Field({ description: 'Bearer token for the Authorization header; short-lived.' })
  accessToken: string;

  @Field({ description: 'Seconds until the access token expires.' })
  expiresIn: number;

  @Field({ description: 'One-time token for `refreshToken`; rotated on every use.' })
  refreshToken: string;

  @Field(() => UserModel)
  user: UserModel;
}
