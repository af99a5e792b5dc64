import { Field, InputType } from '@nestjs/graphql';
import { DateScalar } from '@vg/core';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

export const CERTIFICATION_TYPE = /^[A-Z][A-Z0-9_]{1,39}$/;

@InputType()
export class CertificationInput {
  @Field({ description: 'Upper-case type code, e.g. BSCI, OEKO_TEX_100, GRS, ISO_9001, CCC (3C), WRAP, SA8000.' })
  @Matches(CERTIFICATION_TYPE, { message: 'must be upper-case letters, digits and _ (2–40)' })
  type: string;

  @Field({ description: 'The certificate number as its issuer prints it.' })
  @IsString()
  @Length(1, 100)
  number: string;

  @Field()
  @IsString()
  @Length(1, 200)
  issuer: string;

  @Field(() => DateScalar)
  validFrom: string;

  @Field(() => DateScalar, { description: 'Last day it is valid (inclusive); not before validFrom.' })
  validTo: string;

  @Field(() => String, { nullable: true, description: 'Where the evidence is kept: a document reference or URL.' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  evidenceRef?: string | null;
}
