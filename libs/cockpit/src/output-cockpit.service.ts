import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@vg/core';
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
 * A park's output by month, industry group and (platform part) chain stage: one pass over the monthly records, one
 * over the delivered allocations (grouping sets: by month, and by month and stage), one for the process names.
 */
@Injectable()
export class OutputCockpitService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async output(parkId: string, fromMonth: string, toMonth: string): Promise<CockpitOutputModel> {
    const count = assertMonths(fromMonth, toMonth, MAX_MONTHS);
    const [fromDay, toDay] = [`${fromMonth}-01`, `${toMonth}-01`];
    const manager = this.unitOfWork.manager;
    const [recorded, platform, labels] = await Promise.all([
      manager.query(
        `SELECT to_char(o.month, 'YYYY-MM') AS month, f.industry_group, SUM(o.output_value)::text AS output_value
           FROM firm_monthly_output o JOIN firms f ON f.id = o.firm_id
          WHERE o.park_id = $1 AND o.month BETWEEN $2::date AND $3::date
            AND o.superseded_at IS NULL AND o.audit_state <> 'RETURNED'
          GROUP BY o.month, f.industry_group
          ORDER BY 1, 2`,
        [parkId, fromDay, toDay],
      ) as Promise<{ month: string; industry_group: string; output_value: string }[]>,
      manager.query(
        `SELECT to_char(date_trunc('month', delivered_on), 'YYYY-MM') AS month, process_code,
                GROUPING(process_code)::int AS all_stages, SUM(units_delivered * unit_price)::text AS platform_output
           FROM allocations
          WHERE park_id = $1 AND status = 'DELIVERED'
            AND delivered_on >= $2::date AND delivered_on < ($3::date + interval '1 month')
          GROUP BY GROUPING SETS ((date_trunc('month', delivered_on)), (date_trunc('month', delivered_on), process_code))
          ORDER BY 1, 2`,
        [parkId, fromDay, toDay],
      ) as Promise<{ month: string; process_code: string | null; all_stages: number; platform_output: string }[]>,
      manager.query(
        `SELECT code, name_zh, name_en FROM processes WHERE park_id IS NULL OR park_id = $1 ORDER BY code`,
        [parkId],
      ) as Promise<{ code: string; name_zh: string; name_en: string }[]>,
    ]);
    // A month's total is the exact sum of its industry groups (one grouping pass over the records, not two).
    const monthTotals = new Map<string, string>();
    for (const row of recorded) monthTotals.set(row.month, sum([monthTotals.get(row.month) ?? '0', row.output_value]));
    const platformTotals = new Map(
      platform.filter((row) => row.all_stages === 1).map((row) => [row.month, row.platform_output]),
    );
    const months = Array.from({ length: count }, (_, offset) => {
      const month = monthOfIndex(monthIndex(fromMonth) + offset);
      return Object.assign(new OutputMonthModel(), {
        month,
        outputValue: monthTotals.get(month) ?? '0.00',
        platformOutput: platformTotals.get(month) ?? '0.00',
      });
    });
    const outputValue = sum(months.map((month) => month.outputValue));
    const platformOutput = sum(months.map((month) => month.platformOutput));
    const stages = platform.filter((row) => row.all_stages === 0);
    const usedProcesses = new Set(stages.map((row) => row.process_code));
    return Object.assign(new CockpitOutputModel(), {
      parkId,
      fromMonth,
      toMonth,
      months,
      byIndustryGroup: recorded.map((row) =>
        Object.assign(new IndustryGroupMonthModel(), {
          industryGroup: row.industry_group,
          month: row.month,
          outputValue: row.output_value,
        }),
      ),
      byStage: stages.map((row) =>
        Object.assign(new StageMonthModel(), {
          processCode: row.process_code,
          month: row.month,
          platformOutput: row.platform_output,
        }),
      ),
      totals: Object.assign(new OutputTotalsModel(), {
        outputValue,
        platformOutput,
        platformShare: new Decimal(outputValue).isZero() ? null : ratio(platformOutput, outputValue),
      }),
      processes: labels
        .filter((label) => usedProcesses.has(label.code))
        .map((label) =>
          Object.assign(new ProcessLabelModel(), { code: label.code, nameZh: label.name_zh, nameEn: label.name_en }),
        ),
    });
  }
}

/** Exact sum of decimal strings, kept at 2 decimals (yuan). */
function sum(values: string[]): string {
  return values.reduce((total, value) => total.plus(value), new Decimal(0)).toFixed(2);
}
