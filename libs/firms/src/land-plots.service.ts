import { Injectable } from '@nestjs/common';
import { auditActor, recordAudit } from '@vg/audit';
import Decimal from 'decimal.js';
import { badInput, conflict, notFound, Principal, Tx, UnitOfWork } from '@vg/core';
import { LandPlotInput } from './dto/firm.inputs';
import { plotAuditEntry } from './firm-audit';
import { FirmsService } from './firms.service';
import { LandPlotEntity, LandTenure } from './land-plot.entity';

/**
 * The same certificate written with full-width brackets or stray spaces is the same certificate: numbers are kept
 * in NFKC form without whitespace.
 */
export function normaliseCertificateNo(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

type PlotFields = Pick<
  LandPlotEntity,
  'certificateNo' | 'areaM2' | 'areaMu' | 'tenure' | 'lessor' | 'landUse' | 'tenants'
>;

/** Land is certified data: park admins (and platform admins) record it; owners only read it. Every change is audited. */
@Injectable()
export class LandPlotsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly firms: FirmsService,
  ) {}

  add(principal: Principal, firmId: string, input: LandPlotInput): Promise<LandPlotEntity> {
    const fields = plotFields(input);
    return this.unitOfWork.run(async (tx) => {
      const firm = await this.firms.lockForPark(tx, principal, firmId);
      await this.assertCertificateFree(tx, firm.id, fields.certificateNo);
      const plot = await tx.manager.save(
        tx.manager.create(LandPlotEntity, { firmId: firm.id, parkId: firm.parkId, ...fields }),
      );
      await recordAudit(tx, auditActor(principal), [plotAuditEntry(plot.parkId, plot.id, null, plot)]);
      return plot;
    });
  }

  update(principal: Principal, plotId: string, input: LandPlotInput): Promise<LandPlotEntity> {
    const fields = plotFields(input);
    return this.unitOfWork.run(async (tx) => {
      const plot = await this.lockPlot(tx, principal, plotId);
      const before = { ...plot };
      if (plot.certificateNo !== fields.certificateNo) {
        await this.assertCertificateFree(tx, plot.firmId, fields.certificateNo);
      }
      Object.assign(plot, fields);
      const saved = await tx.manager.save(plot);
      await recordAudit(tx, auditActor(principal), [plotAuditEntry(plot.parkId, plot.id, before, saved)]);
      return saved;
    });
  }

  remove(principal: Principal, plotId: string): Promise<string> {
    return this.unitOfWork.run(async (tx) => {
      const plot = await this.lockPlot(tx, principal, plotId);
      await tx.manager.delete(LandPlotEntity, { id: plot.id });
      await recordAudit(tx, auditActor(principal), [plotAuditEntry(plot.parkId, plot.id, plot, null)]);
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

  private async assertCertificateFree(tx: Tx, firmId: string, certificateNo: string): Promise<void> {
    if (await tx.manager.exists(LandPlotEntity, { where: { certificateNo, firmId } })) {
      throw conflict('The firm already has a plot with this certificate number', 'certificateNo');
    }
  }
}

/** The plot as the input gives it: the area in exactly one unit, as given; a lessor only when leased. */
function plotFields(input: LandPlotInput): PlotFields {
  const hasM2 = input.areaM2 !== undefined && input.areaM2 !== null;
  const hasMu = input.areaMu !== undefined && input.areaMu !== null;
  if (hasM2 === hasMu) {
    throw badInput(hasM2 ? 'areaMu' : 'areaM2', 'Give the area in m² (areaM2) or in mu (areaMu), exactly one of them');
  }
  const certificateNo = normaliseCertificateNo(input.certificateNo);
  if (!certificateNo) throw badInput('certificateNo', 'The certificate number is empty');
  return {
    certificateNo,
    // As PostgreSQL's numeric(…, scale) gives it back, so an unchanged plot compares equal in the audit.
    areaM2: hasM2 ? new Decimal(input.areaM2!).toFixed(2) : null,
    areaMu: hasMu ? new Decimal(input.areaMu!).toFixed(4) : null,
    tenure: input.tenure,
    lessor: input.tenure === LandTenure.LEASED ? (input.lessor?.trim() ?? null) : null,
    landUse: input.landUse?.trim() || null,
    tenants: (input.tenants ?? []).map((tenant) => tenant.trim()).filter(Boolean),
  };
}
