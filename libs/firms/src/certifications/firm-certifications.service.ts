import { Injectable } from '@nestjs/common';
import { badInput, conflict, notFound, Principal, Tx, UnitOfWork } from '@vg/core';
import { FirmsService } from '../firms.service';
import { CertificationInput } from './certification.inputs';
import { FirmCertificationEntity } from './firm-certification.entity';

type CertificationFields = Pick<
  FirmCertificationEntity,
  'type' | 'number' | 'issuer' | 'validFrom' | 'validTo' | 'evidenceRef'
>;

/**
 * A firm's certifications: kept up to date by its owner or its park (either may add, correct or remove one). An
 * expired certification stays on record; matching counts it only on the days it is valid.
 */
@Injectable()
export class FirmCertificationsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly firms: FirmsService,
  ) {}

  add(principal: Principal, firmId: string, input: CertificationInput): Promise<FirmCertificationEntity> {
    const fields = certificationFields(input);
    return this.unitOfWork.run(async (tx) => {
      const firm = await this.firms.lockWritable(tx, principal, firmId);
      await this.assertNumberFree(tx, firm.id, fields);
      return tx.manager.save(
        tx.manager.create(FirmCertificationEntity, { firmId: firm.id, parkId: firm.parkId, ...fields }),
      );
    });
  }

  update(principal: Principal, id: string, input: CertificationInput): Promise<FirmCertificationEntity> {
    const fields = certificationFields(input);
    return this.unitOfWork.run(async (tx) => {
      const certification = await this.lockCertification(tx, principal, id);
      if (certification.type !== fields.type || certification.number !== fields.number) {
        await this.assertNumberFree(tx, certification.firmId, fields);
      }
      Object.assign(certification, fields);
      return tx.manager.save(certification);
    });
  }

  remove(principal: Principal, id: string): Promise<string> {
    return this.unitOfWork.run(async (tx) => {
      const certification = await this.lockCertification(tx, principal, id);
      await tx.manager.delete(FirmCertificationEntity, { id: certification.id });
      return certification.id;
    });
  }

  /** Locks a certification of a firm the caller may change; any other answers as missing. */
  private async lockCertification(tx: Tx, principal: Principal, id: string): Promise<FirmCertificationEntity> {
    const certification = await tx.manager.findOne(FirmCertificationEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!certification) throw notFound('Certification');
    await this.firms.lockWritable(tx, principal, certification.firmId).catch(() => {
      throw notFound('Certification');
    });
    return certification;
  }

  private async assertNumberFree(tx: Tx, firmId: string, fields: CertificationFields): Promise<void> {
    if (
      await tx.manager.exists(FirmCertificationEntity, {
        where: { firmId, type: fields.type, number: fields.number },
      })
    ) {
      throw conflict('The firm already holds a certification of this type with this number', 'number');
    }
  }
}

function certificationFields(input: CertificationInput): CertificationFields {
  if (input.validTo < input.validFrom) throw badInput('validTo', 'validTo must not be before validFrom');
  const number = input.number.trim();
  if (!number) throw badInput('number', 'The certificate number is empty');
  const issuer = input.issuer.trim();
  if (!issuer) throw badInput('issuer', 'The issuer is empty');
  return {
    type: input.type,
    number,
    issuer,
    validFrom: input.validFrom,
    validTo: input.validTo,
    evidenceRef: input.evidenceRef?.trim() || null,
  };
}
