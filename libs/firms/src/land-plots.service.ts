import { Injectable } from '@nestjs/common';
import Decimal from 'decimal.js';
import { conflict, notFound, Principal, Tx, UnitOfWork } from '@vg/core';
import { LandPlotInput } from './dto/firm.inputs';
import { FirmsService } from './firms.service';
import { LandPlotEntity, LandTenure } from './land-plot.entity';

/** Land is certified data: park admins (and platform admins) record it; owners only read it. */
@Injectable()
export class LandPlotsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly firms: FirmsService,
  ) {}

  add(principal: Principal, firmId: string, input: LandPlotInput): Promise<LandPlotEntity> {
    return this.unitOfWork.run(async (tx) => {
      const firm = await this.firms.lockForPark(tx, principal, firmId);
      await this.assertCertificateFree(tx, input.certificateNo);
      return tx.manager.save(
        tx.manager.create(LandPlotEntity, {
          firmId: firm.id,
          parkId: firm.parkId,
          certificateNo: input.certificateNo.trim(),
          areaM2: new Decimal(input.areaM2).toFixed(2),
          tenure: input.tenure,
          lessor: input.tenure === LandTenure.LEASED ? (input.lessor ?? null) : null,
        }),
      );
    });
  }

  update(principal: Principal, plotId: string, input: LandPlotInput): Promise<LandPlotEntity> {
    return this.unitOfWork.run(async (tx) => {
      const plot = await this.lockPlot(tx, principal, plotId);
      if (plot.certificateNo !== input.certificateNo.trim()) await this.assertCertificateFree(tx, input.certificateNo);
      Object.assign(plot, {
        certificateNo: input.certificateNo.trim(),
        areaM2: new Decimal(input.areaM2).toFixed(2),
        tenure: input.tenure,
        lessor: input.tenure === LandTenure.LEASED ? (input.lessor ?? null) : null,
      });
      return tx.manager.save(plot);
    });
  }

  remove(principal: Principal, plotId: string): Promise<string> {
    return this.unitOfWork.run(async (tx) => {
      const plot = await this.lockPlot(tx, principal, plotId);
      await tx.manager.delete(LandPlotEntity, { id: plot.id });
      return plot.id;
    });
  }

  private async lockPlot(tx: Tx, principal: Principal, plotId: string): Promise<LandPlotEntity> {
    const plot = await tx.manager.findOne(LandPlotEntity, {
      where: { id: plotId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!plot) throw notFound('Land plot');
    await this.firms.lockForPark(tx, principal, plot.firmId).catch(() => {
      throw notFound('Land plot');
    });
    return plot;
  }

  private async assertCertificateFree(tx: Tx, certificateNo: string): Promise<void> {
    if (await tx.manager.exists(LandPlotEntity, { where: { certificateNo: certificateNo.trim() } })) {
      throw conflict('A plot with this certificate number is already recorded', 'certificateNo');
    }
  }
}
