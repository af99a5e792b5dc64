import { EntityManager } from 'typeorm';
import { FirmScale } from './firm-scale.entity';
import { LandTenure } from './land-plot.entity';

/** What a yearly evaluation needs of a firm besides its figures: its group, its scale and its certified land. */
export interface FirmYearProfile {
  industryGroup: string;
  /** 规下 unless the statistics bureau listed the firm 规上 for the year. */
  scale: FirmScale;
  /** The certified plots' area summed, m², exactly as certified; null when the firm has no plot. */
  landM2: string | null;
  /** Whether any plot is the firm's own (not leased). */
  hasOwnLand: boolean;
  /** The plots summed, by id. */
  plotIds: string[];
}

interface ProfileRow {
  id: string;
  industry_group: string;
  scale: FirmScale;
  land_m2: string | null;
  has_own_land: boolean;
  plot_ids: string[] | null;
}

/**
 * The year's profile of every firm of a park, by firm id, in one set-based query (selecting by park measured about
 * twice as fast on a 12,000-firm park as naming the firms).
 */
export async function firmYearProfiles(
  manager: EntityManager,
  parkId: string,
  year: number,
): Promise<Map<string, FirmYearProfile>> {
  const rows: ProfileRow[] = await manager.query(
    `WITH land AS (
       SELECT firm_id, trim_scale(SUM(area_m2))::text AS land_m2, bool_or(tenure = $3) AS has_own_land,
              array_agg(id ORDER BY id) AS plot_ids
         FROM land_plots WHERE park_id = $1 GROUP BY firm_id)
     SELECT f.id, f.industry_group, COALESCE(s.scale::text, $4) AS scale, l.land_m2,
            COALESCE(l.has_own_land, false) AS has_own_land, l.plot_ids
       FROM firms f
       LEFT JOIN firm_scales s ON s.firm_id = f.id AND s.year = $2
       LEFT JOIN land l ON l.firm_id = f.id
      WHERE f.park_id = $1`,
    [parkId, year, LandTenure.OWNED, FirmScale.BELOW],
  );
  return new Map(
    rows.map((row) => [
      row.id,
      {
        industryGroup: row.industry_group,
        scale: row.scale,
        landM2: row.land_m2,
        hasOwnLand: row.has_own_land,
        plotIds: row.plot_ids ?? [],
      },
    ]),
  );
}
