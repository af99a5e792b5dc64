import { EntityManager } from 'typeorm';
import { FirmScale } from './firm-scale.entity';
import { EXACT_MU_SQL } from './land-area';
import { LandTenure } from './land-plot.entity';

/** What a yearly evaluation needs of a firm besides its figures: its group, its scale and its certified land. */
export interface FirmYearProfile {
  industryGroup: string;
  /** As the statistics bureau decided it for the year; null when no scale is recorded for the year. */
  scale: FirmScale | null;
  /** The plots' area summed in mu, exactly (each plot as given: mu, or m² × 0.0015); null when the firm has none. */
  landMu: string | null;
  /** Whether any plot is the firm's own (not leased). */
  hasOwnLand: boolean;
  /** The plots summed, by id. */
  plotIds: string[];
}

interface ProfileRow {
  id: string;
  industry_group: string;
  scale: FirmScale | null;
  land_mu: string | null;
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
       SELECT p.firm_id, trim_scale(SUM(${EXACT_MU_SQL('p')}))::text AS land_mu,
              bool_or(p.tenure = $3) AS has_own_land, array_agg(p.id ORDER BY p.id) AS plot_ids
         FROM land_plots p WHERE p.park_id = $1 GROUP BY p.firm_id)
     SELECT f.id, f.industry_group, s.scale, l.land_mu, COALESCE(l.has_own_land, false) AS has_own_land, l.plot_ids
       FROM firms f
       LEFT JOIN firm_scales s ON s.firm_id = f.id AND s.year = $2
       LEFT JOIN land l ON l.firm_id = f.id
      WHERE f.park_id = $1`,
    [parkId, year, LandTenure.OWNED],
  );
  return new Map(
    rows.map((row) => [
      row.id,
      {
        industryGroup: row.industry_group,
        scale: row.scale,
        landMu: row.land_mu,
        hasOwnLand: row.has_own_land,
        plotIds: row.plot_ids ?? [],
      },
    ]),
  );
}
