import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, DateScalar, DateTimeScalar, DecimalScalar, toModel } from '@vg/core';
import Decimal from 'decimal.js';
import type { IssuedOwnerInvitation } from '../firm-owner-invitation.service';
import type { FirmDetails } from '../firms.service';
import { FirmScale, FirmScaleEntity } from '../firm-scale.entity';
import { LandPlotEntity, LandTenure } from '../land-plot.entity';
import { ProcessEntity } from '../process.entity';

registerEnumType(FirmScale, {
  name: 'FirmScale',
  description: 'ABOVE = 规上 (revenue ≥ 20 million yuan), BELOW = 规下.',
});
registerEnumType(LandTenure, { name: 'LandTenure' });

/** 1 mu = 10000/15 m², so mu = m² × 15 / 10000 exactly; shown to 4 decimals. */
export function squareMetresToMu(areaM2: string): string {
  return new Decimal(areaM2).times(15).dividedBy(10000).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toFixed(4);
}

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

  @Field(() => DecimalScalar, { description: 'm², exactly as certified.' })
  areaM2: string;

  @Field(() => DecimalScalar, { description: 'mu (亩), derived: m² × 15 / 10000, 4 decimals.' })
  areaMu: string;

  @Field(() => LandTenure)
  tenure: LandTenure;

  @Field(() => String, { nullable: true })
  lessor: string | null;

  static from(plot: LandPlotEntity): LandPlotModel {
    return toModel(LandPlotModel, {
      id: plot.id,
      firmId: plot.firmId,
      certificateNo: plot.certificateNo,
      areaM2: plot.areaM2,
      areaMu: squareMetresToMu(plot.areaM2),
      tenure: plot.tenure,
      lessor: plot.lessor,
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

  @Field(() => Int)
  employees: number;

  @Field()
  address: string;

  @Field(() => DateScalar)
  joinedOn: string;

  @Field(() => [ProcessModel])
  processes: ProcessModel[];

  @Field(() => [FirmYearScaleModel], { description: 'Scale per year, oldest first.' })
  scales: FirmYearScaleModel[];

  @Field(() => [LandPlotModel])
  landPlots: LandPlotModel[];

  @Field(() => DecimalScalar, { description: 'Total certified land, m².' })
  landAreaM2: string;

  @Field(() => DecimalScalar, { description: 'Total land in mu (亩), 4 decimals.' })
  landAreaMu: string;

  @Field(() => DateTimeScalar)
  updatedAt: Date;

  static from({ firm, processes, scales, plots }: FirmDetails): FirmModel {
    const landAreaM2 = plots.reduce((sum, plot) => sum.plus(plot.areaM2), new Decimal(0)).toFixed(2);
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
      processes: processes.map(ProcessModel.from),
      scales: scales.map(FirmYearScaleModel.from),
      landPlots: plots.map(LandPlotModel.from),
      landAreaM2,
      landAreaMu: squareMetresToMu(landAreaM2),
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

  @Field({ description: 'Shown once: send it to the owner, who calls acceptInvitation with it.' })
  token: string;

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
