import { Field, ID, InputType } from '@nestjs/graphql';
import { PASSWORD_MIN_LENGTH } from '@vg/identity';
import { IsEmail, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';

@InputType()
export class CreateParkInput {
  @Field()
  @IsString()
  @Length(1, 200)
  name: string;

  @Field({ description: 'Six-digit administrative region code (GB/T 2260).' })
  @Matches(/^[1-9]\d{5}$/, { message: 'must be a six-digit administrative region code' })
  regionCode: string;
}

@InputType()
export class UpdateParkInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(/^[1-9]\d{5}$/, { message: 'must be a six-digit administrative region code' })
  regionCode?: string;
}

@InputType()
export class CreateParkAdminInput {
  @Field(() => ID)
  @IsUUID()
  parkId: string;

  @Field()
  @IsEmail()
  @MaxLength(254)
  email: string;

  @Field({ description: `Initial password, at least ${PASSWORD_MIN_LENGTH} characters.` })
  @IsString()
  @Length(PASSWORD_MIN_LENGTH, 200)
  password: string;

  @Field()
  @IsString()
  @Length(1, 100)
  displayName: string;
}
