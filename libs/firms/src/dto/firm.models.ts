import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, DateScalar, DateTimeScalar, DecimalScalar, toModel } from '@vg/core';
import Decimal from 'decimal.js';
import type { IssuedOwnerInvitation } from '../firm-owner-invitation.service';
import type { FirmDetails } from '../firms.service';
import { FirmScale, FirmScaleEntity } from '../firm-scale.entity';
import { areaUnitOf, exactMu, muForDisplay, squareMetresForDisplay } from '../land-area';
import { LandAreaUnit, LandPlotEntity, LandTenure } from '../land-plot.entity';
import { ProcessEntity } from '../process.entity';
import { FirmCertificationModel } from '../certifications/certification.models';

registerEnumType(FirmScale, {
  name: 'FirmScale',
  description: 'ABOVE = 规上 (revenue ≥ 20 million yuan), BELOW = 规下.',
});
registerEnumType(LandTenure, { name: 'LandTenure' });
registerEnumType(LandAreaUnit, {
  name: 'LandAreaUnit',
  description: 'The unit a plot’s area was given in: M2 (square metres) or MU (亩, 10000/15 m²).',
});

@ObjectType('Process')
export class ProcessModel {
  @Field()
  code: string;

  @Field()
  nameZh: string;

  @Field()
  nameEn: string;

  @Field(() => ID, { nullable: true, description: 'Set when the process is a park’s own extension.' })
  parkId: string | null;

  static from(process: ProcessEntity): ProcessModel {
    return toModel(ProcessModel, {
      code: process.code,
      nameZh: process.nameZh,
      nameEn: process.nameEn,
      parkId: process.parkId,
    });
  }
}

@ObjectType('LandPlot')
export class LandPlotModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  firmId: string;

  @Field()
  certificateNo: string;

  @Field(() => LandAreaUnit, { description: 'The unit the area was given (and is stored) in.' })
  areaUnit: LandAreaUnit;

  @Field(() => DecimalScalar, { description: 'The area exactly as given, in areaUnit.' })
  area: string;

  @Field(() => DecimalScalar, {
    description: 'm², 2 decimals: as given when areaUnit is M2, else derived (mu × 10000 / 15, half up).',
  })
  areaM2: string;

  @Field(() => DecimalScalar, {
    description: 'mu (亩), 4 decimals: as given when areaUnit is MU, else derived (m² × 0.0015, half up).',
  })
  areaMu: string;

  @Field(() => LandTenure)
  tenure: LandTenure;

  @Field(() => String, { nullable: true, description: 'The holder leased from.' })
  lessor: string | null;

  @Field(() => String, { nullable: true, description: 'Certified use (用途).' })
  landUse: string | null;

  @Field(() => [String], { description: 'Tenants the holder rents to, as registered.' })
  tenants: string[];

  static from(plot: LandPlotEntity): LandPlotModel {
    const mu = exactMu(plot);
    return toModel(LandPlotModel, {
      id: plot.id,
      firmId: plot.firmId,
      certificateNo: plot.certificateNo,
      areaUnit: areaUnitOf(plot),
      area: (plot.areaMu ?? plot.areaM2) as string,
      areaM2: plot.areaM2 ?? squareMetresForDisplay(mu),
      areaMu: muForDisplay(mu),
      tenure: plot.tenure,
      lessor: plot.lessor,
      landUse: plot.landUse,
      tenants: plot.tenants,
    });
  }
}

@ObjectType('FirmYearScale')
export class FirmYearScaleModel {
  @Field(() => Int)
  year: number;

  @Field(() => FirmScale)
  scale: FirmScale;

  static from(scale: FirmScaleEntity): FirmYearScaleModel {
    return toModel(FirmYearScaleModel, { year: scale.year, scale: scale.scale });
  }
}

@ObjectType('Firm')
export class FirmModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  parkId: string;

  @Field({ description: 'Unified social credit code.' })
  uscc: string;

  @Field()
  name: string;

  @Field({ description: 'GB/T 4754 two-digit division.' })
  industryCode: string;

  @Field()
  industryGroup: string;

  @Field(() => Int, { nullable: true, description: 'Null while unknown (registries do not list it).' })
  employees: number | null;

  @Field(() => String, { nullable: true })
  address: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'The day the firm joined the platform; null while it has not.',
  })
  joinedOn: string | null;

  @Field(() => String, { nullable: true, description: '法定代表人.' })
  legalRepresentative: string | null;

  @Field(() => DateScalar, { nullable: true, description: '成立日期.' })
  registeredOn: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Production site latitude (WGS-84, degrees).' })
  siteLatitude: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Production site longitude (WGS-84, degrees).' })
  siteLongitude: string | null;

  @Field(() => String, { nullable: true, description: 'The town (街道 / 镇) of the production site.' })
  siteTown: string | null;

  @Field(() => [ProcessModel])
  processes: ProcessModel[];

  @Field(() => [FirmYearScaleModel], { description: 'Scale per year, oldest first.' })
  scales: FirmYearScaleModel[];

  @Field(() => [LandPlotModel])
  landPlots: LandPlotModel[];

  @Field(() => [FirmCertificationModel], { description: 'Every certification on record, expired ones included.' })
  certifications: FirmCertificationModel[];

  @Field(() => DecimalScalar, { description: 'Total certified land, m², 2 decimals (exact when every plot is in m²).' })
  landAreaM2: string;

  @Field(() => DecimalScalar, { description: 'Total land in mu (亩), 4 decimals.' })
  landAreaMu: string;

  @Field(() => DecimalScalar, {
    description: 'Total land in mu exactly, as the evaluation uses it (up to 6 decimals: m² × 0.0015).',
  })
  landAreaMuExact: string;

  @Field(() => DateTimeScalar)
  updatedAt: Date;

  static from({ firm, processes, scales, plots, certifications }: FirmDetails): FirmModel {
    const landMu = plots.reduce((sum, plot) => sum.plus(exactMu(plot)), new Decimal(0));
    return toModel(FirmModel, {
      id: firm.id,
      parkId: firm.parkId,
      uscc: firm.uscc,
      name: firm.name,
      industryCode: firm.industryCode,
      industryGroup: firm.industryGroup,
      employees: firm.employees,
      address: firm.address,
      joinedOn: firm.joinedOn,
      legalRepresentative: firm.legalRepresentative,
      registeredOn: firm.registeredOn,
      siteLatitude: firm.siteLatitude,
      siteLongitude: firm.siteLongitude,
      siteTown: firm.siteTown,
      processes: processes.map(ProcessModel.from),
      scales: scales.map(FirmYearScaleModel.from),
      landPlots: plots.map(LandPlotModel.from),
      certifications: certifications.map(FirmCertificationModel.from),
      landAreaM2: squareMetresForDisplay(landMu),
      landAreaMu: muForDisplay(landMu),
      landAreaMuExact: landMu.toFixed(),
      updatedAt: firm.updatedAt,
    });
  }
}

export const FirmConnection = Connection(FirmModel, 'Firm');
export const ProcessConnection = Connection(ProcessModel, 'Process');

@ObjectType('FirmOwnerInvitation')
export class FirmOwnerInvitationModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  firmId: string;

  @Field()
  email: string;

  @Field(() => DateTimeScalar)
  expiresAt: Date;

  @Field(() => String, {
    nullable: true,
    description:
      'Null when a mail server is configured: the token is emailed to the owner. Otherwise shown once: send it to ' +
      'the owner, who calls acceptInvitation with it.',
  })
  token: string | null;

  static from(invitation: IssuedOwnerInvitation): FirmOwnerInvitationModel {
    return toModel(FirmOwnerInvitationModel, {
      id: invitation.id,
      firmId: invitation.firmId,
      email: invitation.email,
      expiresAt: invitation.expiresAt,
      token: invitation.token,
    });
  }
}
