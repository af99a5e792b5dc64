import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateScalar, toModel } from '@vg/core';
import { FirmCertificationEntity } from './firm-certification.entity';

@ObjectType('FirmCertification')
export class FirmCertificationModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  firmId: string;

  @Field()
  type: string;

  @Field()
  number: string;

  @Field()
  issuer: string;

  @Field(() => DateScalar)
  validFrom: string;

  @Field(() => DateScalar)
  validTo: string;

  @Field(() => String, { nullable: true })
  evidenceRef: string | null;

  static from(certification: FirmCertificationEntity): FirmCertificationModel {
    return toModel(FirmCertificationModel, {
      id: certification.id,
      firmId: certification.firmId,
      type: certification.type,
      number: certification.number,
      issuer: certification.issuer,
      validFrom: certification.validFrom,
      validTo: certification.validTo,
      evidenceRef: certification.evidenceRef,
    });
  }
}
