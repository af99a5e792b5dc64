import { Injectable } from '@nestjs/common';
import {
  administeredParkId,
  ExportedFile,
  ExportFormat,
  exportTable,
  notFound,
  Principal,
  readAudience,
  Resource,
  UnitOfWork,
} from '@vg/core';
import { FirmIdentity, firmsOfPark, readableFirm } from '@vg/firms';
import { ANNUAL_FIGURE_KINDS, ANNUAL_FIGURES } from '../annual-figure-kind';

/** Every firm's sheet of a year in one table: one row per firm, one column per figure, as the park files them. */
@Injectable()
export class SheetExportService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async export(principal: Principal, year: number, format: ExportFormat, parkId?: string): Promise<ExportedFile> {
    const manager = this.unitOfWork.manager;
    const firms = await this.firmsInScope(principal, parkId);
    const values = ANNUAL_FIGURE_KINDS.map(
      (kind) => `MAX(a.value::text) FILTER (WHERE a.kind = '${kind}') AS "${kind}"`,
    ).join(',\n              ');
    // One row per firm (unnest), with or without figures; the firms lib gave their USCC order.
    const rows: Record<string, string | null>[] = await manager.query(
      `SELECT f.firm_id, to_char(s.confirmed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS confirmed_at,
              ${values},
              COUNT(a.id) FILTER (WHERE a.audit_state = 'PENDING')::text AS pending,
              COUNT(a.id) FILTER (WHERE a.audit_state = 'RETURNED')::text AS returned
         FROM unnest($1::uuid[]) AS f(firm_id)
         LEFT JOIN firm_annual_figures a ON a.firm_id = f.firm_id AND a.year = $2 AND a.superseded_at IS NULL
         LEFT JOIN firm_year_sheets s ON s.firm_id = f.firm_id AND s.year = $2
        GROUP BY f.firm_id, s.confirmed_at`,
      [firms.map((firm) => firm.id), year],
    );
    const sheetOf = new Map(rows.map((row) => [row.firm_id, row]));
    return exportTable(
      format,
      `firm-sheets-${year}`,
      [
        { header: '统一社会信用代码 USCC', width: 22 },
        { header: '企业名称 name', width: 30 },
        { header: '确认时间 confirmed (UTC+8)', width: 20 },
        ...ANNUAL_FIGURE_KINDS.map((kind) => ({
          header: `${ANNUAL_FIGURES[kind].nameZh} ${kind} (${ANNUAL_FIGURES[kind].unit})`,
          kind: 'decimal' as const,
        })),
        { header: '待审 pending', kind: 'integer' as const },
        { header: '退回 returned', kind: 'integer' as const },
      ],
      firms.map((firm) => {
        const row = sheetOf.get(firm.id)!;
        return [
          firm.uscc,
          firm.name,
          row.confirmed_at,
          ...ANNUAL_FIGURE_KINDS.map((kind) => row[kind]),
          row.pending,
          row.returned,
        ];
      }),
    );
  }

  /** An owner exports their own firm's sheet; administrators their park's (a platform administrator names it). */
  private async firmsInScope(principal: Principal, parkId?: string): Promise<FirmIdentity[]> {
    const audience = readAudience(principal, Resource.FIRM);
    if (audience.reach === 'FIRM') return [await readableFirm(this.unitOfWork.manager, principal, audience.firmId)];
    if (audience.reach === 'NONE') throw notFound('Firm');
    return firmsOfPark(this.unitOfWork.manager, administeredParkId(principal, parkId));
  }
}
