import Decimal from 'decimal.js';
import { FirmDetails } from '../firms.service';
import { FirmModel, FirmYearScaleModel, LandPlotModel, ProcessModel, squareMetresToMu } from './firm.models';

export function toFirmModel({ firm, processes, scales, plots }: FirmDetails): FirmModel {
  const landAreaM2 = plots.reduce((sum, plot) => sum.plus(plot.areaM2), new Decimal(0)).toFixed(2);
  return Object.assign(new FirmModel(), {
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
