import { Injectable } from '@nestjs/common';
import { ExportCell, ExportColumn, ExportedFile, ExportFormat, exportTable, Principal, UnitOfWork } from '@vg/core';
import { FirmIdentity, firmIdentities } from '@vg/firms';
import type { FirmResult } from './engine';
import { readableResultsFirm, readableRound } from './round-access';
import { readStoredResults } from './stored-results';

/** A row of one firm in a file; `position` is its place by the file's own order (status, rank; or measure). */
interface FirmRow {
  firm_id: string;
  position: number;
}

/** Evaluation results and policy ledgers as CSV or XLSX: a park's admins all rows, a firm its own. */
@Injectable()
export class EvaluationExportService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async results(principal: Principal, roundId: string, format: ExportFormat): Promise<ExportedFile> {
    const round = await readableRound(this.unitOfWork.manager, principal, roundId);
    const ownFirm = readableResultsFirm(principal);
    const [positions, stored] = await Promise.all([
      this.unitOfWork.manager.query(
        `SELECT r.firm_id, dense_rank() OVER (ORDER BY r.status, r.population_id, r.rank)::int AS position
           FROM evaluation_round_results r
          WHERE r.round_id = $1 AND ($2::uuid IS NULL OR r.firm_id = $2)`,
        [roundId, ownFirm],
      ) as Promise<FirmRow[]>,
      readStoredResults(this.unitOfWork.manager, round.id, round.computationId, ownFirm ? [ownFirm] : null),
    ]);
    const explanations = new Map(stored.results.map((result) => [result.firmId, result.explanation]));
    const results: (FirmRow & { explanation: FirmResult })[] = positions.map((row) => ({
      ...row,
      explanation: explanations.get(row.firm_id)!,
    }));
    const rows = (await this.withFirms(results)).sort((a, b) => a.position - b.position || compareText(a.uscc, b.uscc));
    // One pair of columns per indicator, in scheme order across populations.
    const indicators = [
      ...new Map(
        (round.summary?.populations ?? []).flatMap((population) =>
          population.indicators.map((indicator) => [indicator.indicatorId, indicator.indicatorId] as const),
        ),
      ).keys(),
    ];
    const columns: ExportColumn[] = [
      { header: '统一社会信用代码 USCC', width: 22 },
      { header: '企业名称 name', width: 30 },
      { header: 'status' },
      { header: 'population' },
      { header: '总分 total', kind: 'decimal' },
      { header: '排名 rank', kind: 'integer' },
      { header: 'rank percentile', kind: 'decimal' },
      { header: '等级 class' },
      { header: 'decided by' },
      ...indicators.flatMap((id): ExportColumn[] => [
        { header: `${id} value`, kind: 'decimal' },
        { header: `${id} score`, kind: 'decimal' },
      ]),
      { header: 'not graded because', width: 40 },
    ];
    const body = rows.map(({ uscc, name, explanation }): ExportCell[] => {
      if (explanation.status !== 'graded') {
        const reason =
          explanation.status === 'exempt'
            ? `${explanation.exemption.reason} (${explanation.exemption.evidence})`
            : explanation.reason;
        const populationId = explanation.status === 'exempt' ? explanation.populationId : null;
        return [uscc, name, explanation.status, populationId, ...Array(5 + indicators.length * 2).fill(null), reason];
      }
      const byId = new Map(explanation.indicators.map((indicator) => [indicator.indicatorId, indicator]));
      return [
        uscc,
        name,
        explanation.status,
        explanation.populationId,
        explanation.total,
        explanation.rank,
        explanation.rankPercentile,
        explanation.class,
        explanation.classDecision.decidedBy,
        ...indicators.flatMap((id) => [byId.get(id)?.value ?? null, byId.get(id)?.score ?? null]),
        null,
      ];
    });
    return exportTable(format, `evaluation-${round.year}-v${round.version}`, columns, body);
  }

  async ledger(principal: Principal, roundId: string, format: ExportFormat): Promise<ExportedFile> {
    const round = await readableRound(this.unitOfWork.manager, principal, roundId);
    const entries: (FirmRow & Record<string, string | number | null>)[] = await this.unitOfWork.manager.query(
      `SELECT l.firm_id, dense_rank() OVER (ORDER BY l.measure)::int AS position, l.class, l.consecutive_years,
              l.measure, l.basis, l.basis_quantity::text AS basis_quantity, l.rate::text AS rate,
              l.amount::text AS amount, l.unit, p.description
         FROM policy_ledger_entries l JOIN class_policies p ON p.id = l.policy_id
        WHERE l.round_id = $1 AND ($2::uuid IS NULL OR l.firm_id = $2)`,
      [roundId, readableResultsFirm(principal)],
    );
    // A firm's measures stay together: by USCC, then measure.
    const rows = (await this.withFirms(entries)).sort((a, b) => compareText(a.uscc, b.uscc) || a.position - b.position);
    return exportTable(
      format,
      `policy-ledger-${round.year}-v${round.version}`,
      [
        { header: '统一社会信用代码 USCC', width: 22 },
        { header: '企业名称 name', width: 30 },
        { header: '等级 class' },
        { header: 'consecutive years', kind: 'integer' },
        { header: '措施 measure', width: 24 },
        { header: 'basis', width: 18 },
        { header: 'basis quantity', kind: 'decimal' },
        { header: 'rate', kind: 'decimal' },
        { header: '金额 amount', kind: 'decimal' },
        { header: 'unit' },
        { header: 'policy', width: 40 },
      ],
      rows.map((row) => [
        row.uscc,
        row.name,
        row.class,
        row.consecutive_years,
        row.measure,
        row.basis,
        row.basis_quantity,
        row.rate,
        row.amount,
        row.unit,
        row.description,
      ]),
    );
  }

  /** Each row with its firm's USCC and name, asked of the firms lib. */
  private async withFirms<T extends FirmRow>(rows: T[]): Promise<(T & Pick<FirmIdentity, 'uscc' | 'name'>)[]> {
    const firms = await firmIdentities(
      this.unitOfWork.manager,
      rows.map((row) => row.firm_id),
    );
    return rows.map((row) => {
      // Results and ledger entries are filed under an existing firm (a foreign key).
      const { uscc, name } = firms.get(row.firm_id)!;
      return { ...row, uscc, name };
    });
  }
}

/** USCCs are digits and capitals, which sort in byte order under any collation. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
