import { Injectable } from '@nestjs/common';
import { AnnualFigureKind } from '@vg/output';
import { EntityManager } from 'typeorm';
import type { FirmFigures, FirmYearInput } from './engine';
import type { StoredInput } from './evaluation-result.entity';
import { ENGINE_FIGURE_KEY } from './figure-keys';

export interface Population {
  /** Firm id order, as the engine will sort it anyway. */
  firms: StoredInput[];
  unconfirmedSheets: number;
}

interface FirmRow {
  id: string;
  industry_group: string;
  scale: 'ABOVE' | 'BELOW';
  land_m2: string | null;
  has_own_land: boolean;
  plot_ids: string[] | null;
  confirmed: boolean;
  /** "KIND=value=figure id" entries joined by ';' (plain text aggregates: several times cheaper than JSON ones). */
  figures: string;
}

/**
 * A park's population for a year in one set-based query: every firm with at least one current, not returned
 * figure for the year, with its scale (规下 unless the statistics bureau listed it 规上), its certified land and
 * whether any plot is its own, and each figure with the id of the version it came from (its source, import job and
 * review are on that row).
 */
@Injectable()
export class PopulationLoader {
  async load(manager: EntityManager, parkId: string, year: number): Promise<Population> {
    // The aggregate sorts 10 figures × every firm: keep that sort in memory.
    await manager.query(`SET LOCAL work_mem = '64MB'`);
    const rows: FirmRow[] = await manager.query(
      `WITH figures AS (
         SELECT firm_id, string_agg(kind::text || '=' || trim_scale(value)::text || '=' || id::text, ';') AS figures
           FROM firm_annual_figures
          WHERE park_id = $1 AND year = $2 AND superseded_at IS NULL AND audit_state <> 'RETURNED'
          GROUP BY firm_id),
       land AS (
         SELECT firm_id, trim_scale(SUM(area_m2))::text AS land_m2, bool_or(tenure = 'OWNED') AS has_own_land,
                array_agg(id ORDER BY id) AS plot_ids
           FROM land_plots WHERE park_id = $1 GROUP BY firm_id)
       SELECT f.id, f.industry_group, COALESCE(s.scale::text, 'BELOW') AS scale, l.land_m2,
              COALESCE(l.has_own_land, false) AS has_own_land, l.plot_ids,
              (ys.confirmed_at IS NOT NULL) AS confirmed, fig.figures
         FROM figures fig
         JOIN firms f ON f.id = fig.firm_id
         LEFT JOIN firm_scales s ON s.firm_id = f.id AND s.year = $2
         LEFT JOIN land l ON l.firm_id = f.id
         LEFT JOIN firm_year_sheets ys ON ys.firm_id = f.id AND ys.year = $2
        ORDER BY f.id`,
      [parkId, year],
    );
    let unconfirmedSheets = 0;
    const firms = rows.map((row): StoredInput => {
      if (!row.confirmed) unconfirmedSheets++;
      const figures: FirmFigures = {};
      const origins: StoredInput['origins'] = {};
      for (const entry of row.figures.split(';')) {
        const [kind, value, figureId] = entry.split('=');
        const key = ENGINE_FIGURE_KEY[kind as AnnualFigureKind];
        figures[key] = value;
        origins[key] = { figureId };
      }
      if (row.land_m2 !== null) {
        figures.landM2 = row.land_m2;
        origins.landM2 = { landPlotIds: row.plot_ids ?? [] };
      }
      const input: FirmYearInput = {
        firmId: row.id,
        scale: row.scale === 'ABOVE' ? 'above' : 'below',
        hasOwnLand: row.has_own_land,
        industryGroup: row.industry_group,
        figures,
      };
      return { input, origins, sheetConfirmed: row.confirmed };
    });
    return { firms, unconfirmedSheets };
  }
}
