import { AuditAction, AuditEntry, AuditSubject } from '@vg/audit';
import { FirmScale } from './firm-scale.entity';
import { LandPlotEntity } from './land-plot.entity';

/** The recorded form of a plot: what its audit entries compare and show. */
export type PlotRecord = Pick<
  LandPlotEntity,
  'firmId' | 'certificateNo' | 'areaM2' | 'areaMu' | 'tenure' | 'lessor' | 'landUse' | 'tenants'
>;

export function plotRecord(plot: PlotRecord): Record<string, unknown> {
  return {
    firmId: plot.firmId,
    certificateNo: plot.certificateNo,
    areaM2: plot.areaM2,
    areaMu: plot.areaMu,
    tenure: plot.tenure,
    lessor: plot.lessor,
    landUse: plot.landUse,
    tenants: plot.tenants,
  };
}

const actionOf = (before: unknown, after: unknown) =>
  before === null ? AuditAction.CREATED : after === null ? AuditAction.REMOVED : AuditAction.CHANGED;

export function plotAuditEntry(
  parkId: string,
  plotId: string,
  before: PlotRecord | null,
  after: PlotRecord | null,
  importJobId: string | null = null,
): AuditEntry {
  return {
    parkId,
    firmId: (after ?? before)!.firmId,
    subject: AuditSubject.LAND_PLOT,
    subjectId: plotId,
    action: actionOf(before, after),
    before: before && plotRecord(before),
    after: after && plotRecord(after),
    importJobId,
  };
}

export function scaleAuditEntry(
  parkId: string,
  firmId: string,
  year: number,
  before: FirmScale | null,
  after: FirmScale,
  importJobId: string | null = null,
): AuditEntry {
  return {
    parkId,
    firmId,
    year,
    subject: AuditSubject.FIRM_SCALE,
    subjectId: `${firmId}:${year}`,
    action: actionOf(before, after),
    before: before && { scale: before },
    after: { scale: after },
    importJobId,
  };
}
