import { Injectable } from '@nestjs/common';
import { Principal, Role, UnitOfWork } from '@vg/core';
import { ANNUAL_FIGURE_KINDS, ANNUAL_FIGURES } from '../annual-figure-kind';
import { adminParkId, ownFirmId } from '../firm-scope';
import { ExportedFile, ExportFormat, exportTable } from './table-export';

/** Every firm's sheet of a year in one table: one row per firm, one column per figure, as the park files them. */
@Injectable()
export class SheetExportService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async export(principal: Principal, year: number, format: ExportFormat, parkId?: string): Promise<ExportedFile> {
    const scope =
      principal.role === Role.SME_OWNER
        ? { column: 'f.id', value: ownFirmId(principal) }
        : { column: 'f.park_id', value: adminParkId(principal, parkId) };
    const values = ANNUAL_FIGURE_KINDS.map(
      (kind) => `MAX(a.value::text) FILTER (WHERE a.kind = '${kind}') AS "${kind}"`,
    ).join(',\n              ');
    const rows: Record<string, string | null>[] = await this.unitOfWork.manager.query(
      `SELECT f.uscc, f.name, to_char(s.confirmed_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS confirmed_at,
              ${values},
              COUNT(a.id) FILTER (WHERE a.audit_state = 'PENDING')::text AS pending,
              COUNT(a.id) FILTER (WHERE a.audit_state = 'RETURNED')::text AS returned
         FROM firms f
         LEFT JOIN firm_annual_figures a ON a.firm_id = f.id AND a.year = $2 AND a.superseded_at IS NULL
         LEFT JOIN firm_year_sheets s ON s.firm_id = f.id AND s.year = $2
        WHERE ${scope.column} = $1
        GROUP BY f.id, f.uscc, f.name, s.confirmed_at
        ORDER BY f.uscc`,
      [scope.value, year],
    );
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
      rows.map((row) => [
        row.uscc,
        row.name,
        row.confirmed_at,
        ...ANNUAL_FIGURE_KINDS.map((kind) => row[kind]),
        row.pending,
        row.returned,
      ]),
    );
  }
}
