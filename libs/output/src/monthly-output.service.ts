import { Injectable } from '@nestjs/common';
import { auditActor } from '@vg/audit';
import { badInput, PageArgs, Principal, UnitOfWork } from '@vg/core';
import { ReportMonthlyOutputInput } from './dto/figures.inputs';
import { MonthlyOutputModel, MonthlyOutputRecordModel, PlatformOutputAllocationModel } from './dto/figures.models';
import { AuditState, FigureSource } from './figure-provenance';
import { FigureWriter } from './figure-writer';
import { ownFirmId, readableFirm } from './firm-scope';
import { firstDayOf, monthLabel, monthNumber } from './month';
import { MonthlyOutputEntity } from './monthly-output.entity';
import { paginateSql } from './sql-page';

export const MAX_MONTHS = 60;

/**
 * A firm's output month by month: the reported or imported value, and beside it what the platform delivered, summed
 * from the DELIVERED allocations (units delivered × unit price, by delivery month) whenever it is asked, so the
 * platform figure is always exactly its allocation rows.
 */
@Injectable()
export class MonthlyOutputService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly writer: FigureWriter,
  ) {}

  async months(principal: Principal, firmId: string, from: string, to: string): Promise<MonthlyOutputModel[]> {
    const [first, last] = [monthNumber(from), monthNumber(to)];
    if (last < first) throw badInput('to', 'The range ends before it starts');
    if (last - first + 1 > MAX_MONTHS) throw badInput('to', `At most ${MAX_MONTHS} months at a time`);
    await readableFirm(this.unitOfWork.manager, principal, firmId);
    const [fromDay, toDay] = [firstDayOf(from), firstDayOf(to)];
    const manager = this.unitOfWork.manager;
    const [records, platform] = await Promise.all([
      manager
        .createQueryBuilder(MonthlyOutputEntity, 'record')
        .where('record.firm_id = :firmId AND record.superseded_at IS NULL', { firmId })
        .andWhere('record.month BETWEEN :fromDay AND :toDay', { fromDay, toDay })
        .getMany(),
      manager.query(
        `SELECT to_char(delivered_on, 'YYYY-MM') AS month, SUM(units_delivered * unit_price)::text AS amount,
                COUNT(*)::int AS allocations
           FROM allocations
          WHERE firm_id = $1 AND status = 'DELIVERED'
            AND delivered_on >= $2::date AND delivered_on < ($3::date + interval '1 month')
          GROUP BY 1`,
        [firmId, fromDay, toDay],
      ) as Promise<{ month: string; amount: string; allocations: number }[]>,
    ]);
    return Array.from({ length: last - first + 1 }, (_, index) => {
      const month = monthLabel(first + index);
      const record = records.find((candidate) => candidate.month.startsWith(month));
      const delivered = platform.find((row) => row.month === month);
      return Object.assign(new MonthlyOutputModel(), {
        month,
        reported: record ? MonthlyOutputRecordModel.from(record) : null,
        platformOutput: delivered?.amount ?? '0.00',
        platformAllocationCount: delivered?.allocations ?? 0,
      });
    });
  }

  async report(principal: Principal, input: ReportMonthlyOutputInput): Promise<MonthlyOutputModel> {
    const firmId = ownFirmId(principal, input.firmId);
    const firm = await readableFirm(this.unitOfWork.manager, principal, firmId);
    await this.unitOfWork.run((tx) =>
      this.writer.writeMonthly(
        tx,
        {
          parkId: firm.parkId,
          source: FigureSource.SELF_REPORTED,
          importJobId: null,
          enteredBy: principal.userId,
          auditState: AuditState.PENDING,
          reviewedBy: null,
          actor: auditActor(principal),
        },
        [{ firmId, month: firstDayOf(input.month), value: input.outputValue }],
      ),
    );
    const [month] = await this.months(principal, firmId, input.month, input.month);
    return month;
  }

  /** The allocation rows behind one month's platform output. */
  async platformAllocations(principal: Principal, firmId: string, month: string, page: PageArgs) {
    await readableFirm(this.unitOfWork.manager, principal, firmId);
    const result = await paginateSql<{
      id: string;
      order_id: string;
      stage_seq: number;
      process_code: string;
      units_delivered: number;
      unit_price: string;
      amount: string;
      delivered_on: string;
    }>(
      this.unitOfWork.manager,
      `SELECT id, order_id, stage_seq, process_code, units_delivered, unit_price::text,
              (units_delivered * unit_price)::text AS amount, to_char(delivered_on, 'YYYY-MM-DD') AS delivered_on
         FROM allocations
        WHERE firm_id = $1 AND status = 'DELIVERED'
          AND delivered_on >= $2::date AND delivered_on < ($2::date + interval '1 month')`,
      [firmId, firstDayOf(month)],
      page,
      'id',
    );
    return {
      ...result,
      nodes: result.nodes.map((row) =>
        Object.assign(new PlatformOutputAllocationModel(), {
          allocationId: row.id,
          orderId: row.order_id,
          stageSeq: row.stage_seq,
          processCode: row.process_code,
          unitsDelivered: row.units_delivered,
          unitPrice: row.unit_price,
          amount: row.amount,
          deliveredOn: row.delivered_on,
        }),
      ),
    };
  }
}
