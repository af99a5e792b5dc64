import { Injectable } from '@nestjs/common';
import { badInput, ownFirmId, PageArgs, Principal, toModel, UnitOfWork } from '@vg/core';
import { readableFirm } from '@vg/firms';
import { auditActor } from '@vg/audit';
import { ReportMonthlyOutputInput } from './dto/figures.inputs';
import { MonthlyOutputModel, MonthlyOutputRecordModel, PlatformOutputAllocationModel } from './dto/figures.models';
import { AuditState, FigureSource } from './figure-provenance';
import { FigureWriter } from './figure-writer';
import { firstDayOf, isFutureMonth, monthLabel, monthNumber } from './month';
import { MonthlyOutputEntity } from './monthly-output.entity';
import { paginateSql } from './sql-page';

export const MAX_MONTHS = 60;

/**
 * A firm's output month by month: the reported or imported value, and beside it what the platform delivered, summed
 * from the platform-output facts (one per delivered proposal, written at delivery), so the platform figure is always
 * exactly its fact rows.
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
        `SELECT to_char(month, 'YYYY-MM') AS month, SUM(value)::text AS amount, COUNT(*)::int AS deliveries
           FROM platform_output_facts
          WHERE firm_id = $1 AND month BETWEEN $2::date AND $3::date
          GROUP BY 1`,
        [firmId, fromDay, toDay],
      ) as Promise<{ month: string; amount: string; deliveries: number }[]>,
    ]);
    return Array.from({ length: last - first + 1 }, (_, index) => {
      const month = monthLabel(first + index);
      const record = records.find((candidate) => candidate.month.startsWith(month));
      const delivered = platform.find((row) => row.month === month);
      return toModel(MonthlyOutputModel, {
        month,
        reported: record ? MonthlyOutputRecordModel.from(record) : null,
        platformOutput: delivered?.amount ?? '0.00',
        platformAllocationCount: delivered?.deliveries ?? 0,
      });
    });
  }

  async report(principal: Principal, input: ReportMonthlyOutputInput): Promise<MonthlyOutputModel> {
    const firmId = ownFirmId(principal, input.firmId);
    const firm = await readableFirm(this.unitOfWork.manager, principal, firmId);
    if (isFutureMonth(input.month)) throw badInput('month', 'Output cannot be reported for a month that has not begun');
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

  /** The delivered proposals (their platform-output facts) behind one month's platform output. */
  async platformAllocations(principal: Principal, firmId: string, month: string, page: PageArgs) {
    await readableFirm(this.unitOfWork.manager, principal, firmId);
    const result = await paginateSql<{
      proposal_id: string;
      order_id: string;
      stage_seq: number;
      process_code: string;
      units_delivered: number;
      unit_price: string;
      amount: string;
      delivered_on: string;
    }>(
      this.unitOfWork.manager,
      `SELECT proposal_id, order_id, stage_seq, process_code, units AS units_delivered, unit_price::text,
              value::text AS amount, to_char(delivered_on, 'YYYY-MM-DD') AS delivered_on
         FROM platform_output_facts
        WHERE firm_id = $1 AND month = $2::date`,
      [firmId, firstDayOf(month)],
      page,
      'proposal_id',
    );
    return {
      ...result,
      nodes: result.nodes.map((row) =>
        toModel(PlatformOutputAllocationModel, {
          allocationId: row.proposal_id,
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
