import { EntityManager } from 'typeorm';
import { FirmScale } from './firm-scale.entity';
import { EXACT_MU_SQL } from './land-area';

/** What the registry says of a firm for a year: whether its scale and land are known, and plots it shares. */
export interface FirmRegistryFacts {
  firmId: string;
  uscc: string;
  name: string;
  /** Null when no scale is recorded for the year. */
  scale: FirmScale | null;
  /** The plots' exact mu summed; null when the firm has no plot. */
  landMu: string | null;
  /** Certificates of this firm's plots that are recorded for another firm of the park too. */
  sharedCertificates: string[];
}

/** Every firm of a park, by USCC, with its registry facts for the year, in one query. */
export function firmRegistryFacts(manager: EntityManager, parkId: string, year: number): Promise<FirmRegistryFacts[]> {
  return manager.query(
    `WITH shared AS (
       SELECT certificate_no FROM land_plots WHERE park_id = $1
        GROUP BY certificate_no HAVING COUNT(DISTINCT firm_id) > 1),
     land AS (
       SELECT p.firm_id, trim_scale(SUM(${EXACT_MU_SQL('p')}))::text AS land_mu,
              COALESCE(array_agg(DISTINCT p.certificate_no ORDER BY p.certificate_no)
                       FILTER (WHERE p.certificate_no IN (SELECT certificate_no FROM shared)), '{}') AS shared
         FROM land_plots p WHERE p.park_id = $1 GROUP BY p.firm_id)
     SELECT f.id AS "firmId", f.uscc, f.name, s.scale, l.land_mu AS "landMu",
            COALESCE(l.shared, '{}') AS "sharedCertificates"
       FROM firms f
       LEFT JOIN firm_scales s ON s.firm_id = f.id AND s.year = $2
       LEFT JOIN land l ON l.firm_id = f.id
      WHERE f.park_id = $1
      ORDER BY f.uscc`,
    [parkId, year],
  );
}
