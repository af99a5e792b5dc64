import { Field, InputType } from '@nestjs/graphql';
import { IsEmail, IsOptional, IsString, Length, MaxLength, MinLength } from 'class-validator';

export const PASSWORD_MIN_LENGTH = 10;

@InputType()
export class LoginInput {
  @Field()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @Field()
  @IsString()
  @Length(1, 200)
  password: string;
}

@InputType()
export class RegisterBuyerInput {
  @Field()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @Field({ description: `At least ${PASSWORD_MIN_LENGTH} characters.` })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, 200)
  password: string;

  @Field()
  @IsString()
  @Length(1, 100)
  displayName: string;

  @Field({ description: 'The brand, shop or trading company the buyer orders for.' })
  @IsString()
  @Length(1, 200)
  organisationName: string;
}

@InputType()
export class AcceptInvitationInput {
  @Field()
  @IsString()
  @Length(20, 100)
  token: string;

  @Field()
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, 200)
  password: string;

  @Field()
  @IsString()
  @Length(1, 100)
  displayName: string;

  @Field(() => String, {
    nullable: true,
    description: 'The email to sign in with: required when the invitation went to a phone, ignored otherwise.',
  })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;
}

@InputType()
export class RefreshTokenInput {
  @Field()
  @IsString()
  @MinLength(20)
  @MaxLength(100)
  refreshToken: string;
}
