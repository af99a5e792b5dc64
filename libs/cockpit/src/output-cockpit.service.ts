import { Injectable } from '@nestjs/common';
import { toModel, UnitOfWork } from '@vg/core';
import { industryGroupsOfPark, processLabels } from '@vg/firms';
import { platformOutputByMonthAndProcess, recordedOutputByLabel } from '@vg/output';
import Decimal from 'decimal.js';
import { assertMonths, monthIndex, monthOfIndex, ratio } from './cockpit-figures';
import { ProcessLabelModel } from './dto/cockpit-capacity.models';
import {
  CockpitOutputModel,
  IndustryGroupMonthModel,
  OutputMonthModel,
  OutputTotalsModel,
  StageMonthModel,
} from './dto/cockpit-output.models';

const MAX_MONTHS = 60;

/**
 * A park's output by month, industry group and (platform part) chain stage, in four statements: the firms'
 * industry groups (firms'), one pass over the monthly records by those groups and one over the platform-output
 * facts (by month, and by month and stage) — output's — and the process names.
 */
@Injectable()
export class OutputCockpitService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async output(parkId: string, fromMonth: string, toMonth: string): Promise<CockpitOutputModel> {
    const count = assertMonths(fromMonth, toMonth, MAX_MONTHS);
    const [fromDay, toDay] = [`${fromMonth}-01`, `${toMonth}-01`];
    const manager = this.unitOfWork.manager;
    const [industryGroups, platform, labels] = await Promise.all([
      industryGroupsOfPark(manager, parkId),
      platformOutputByMonthAndProcess(manager, parkId, fromDay, toDay),
      processLabels(manager, parkId),
    ]);
    const recorded = await recordedOutputByLabel(
      manager,
      parkId,
      fromDay,
      toDay,
      industryGroups.map((firm) => ({ firmId: firm.firmId, label: firm.industryGroup })),
    );
    // A month's total is the exact sum of its industry groups (one grouping pass over the records, not two).
    const monthTotals = new Map<string, string>();
    for (const row of recorded) monthTotals.set(row.month, sum([monthTotals.get(row.month) ?? '0', row.outputValue]));
    const platformTotals = new Map(
      platform.filter((row) => row.processCode === null).map((row) => [row.month, row.platformOutput]),
    );
    const months = Array.from({ length: count }, (_, offset) => {
      const month = monthOfIndex(monthIndex(fromMonth) + offset);
      return toModel(OutputMonthModel, {
        month,
        outputValue: monthTotals.get(month) ?? '0.00',
        platformOutput: platformTotals.get(month) ?? '0.00',
      });
    });
    const outputValue = sum(months.map((month) => month.outputValue));
    const platformOutput = sum(months.map((month) => month.platformOutput));
    const stages = platform.filter((row): row is typeof row & { processCode: string } => row.processCode !== null);
    const usedProcesses = new Set(stages.map((row) => row.processCode));
    return toModel(CockpitOutputModel, {
      parkId,
      fromMonth,
      toMonth,
      months,
      byIndustryGroup: recorded.map((row) =>
        toModel(IndustryGroupMonthModel, { industryGroup: row.label, month: row.month, outputValue: row.outputValue }),
      ),
      byStage: stages.map((row) =>
        toModel(StageMonthModel, {
          processCode: row.processCode,
          month: row.month,
          platformOutput: row.platformOutput,
        }),
      ),
      totals: toModel(OutputTotalsModel, {
        outputValue,
        platformOutput,
        platformShare: new Decimal(outputValue).isZero() ? null : ratio(platformOutput, outputValue),
      }),
      processes: labels.filter((label) => usedProcesses.has(label.code)).map(ProcessLabelModel.from),
    });
  }
}

/** Exact sum of decimal strings, kept at 2 decimals (yuan). */
function sum(values: string[]): string {
  return values.reduce((total, value) => total.plus(value), new Decimal(0)).toFixed(2);
}
