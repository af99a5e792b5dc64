import { EntityManager } from 'typeorm';

/**
 * What buyers select suppliers on, as other contexts read it (matching's quote, re-plan and public supplier profile):
 * each firm's production site and certifications, and a search of firms by process, certification and distance.
 * Distances here are great-circle on a sphere of EARTH_RADIUS_KM, the same as the matching engines use.
 */

export const EARTH_RADIUS_KM = 6371.0088;

/** SQL: great-circle km from the firm `f`'s site to the point ($lat, $lng), by the haversine formula. */
const distanceFromPoint = (lat: string, lng: string) =>
  `2 * ${EARTH_RADIUS_KM} * asin(sqrt(
      power(sin(radians(f.site_latitude::float8 - ${lat}) / 2), 2)
    + cos(radians(${lat})) * cos(radians(f.site_latitude::float8))
      * power(sin(radians(f.site_longitude::float8 - ${lng}) / 2), 2)))`;

export interface HeldCertificationRow {
  type: string;
  number: string;
  issuer: string;
  validFrom: string;
  validTo: string;
}

export interface SupplierSiteFacts {
  firmId: string;
  /** WGS-84 degrees; null when the firm has not set its site. */
  latitude: number | null;
  longitude: number | null;
  /** Every certification on record (expired ones too: the engines check the dates), by type then expiry. */
  certifications: HeldCertificationRow[];
}

/** The site and the certifications of each of these firms, in one statement; unknown firms are left out. */
export async function supplierSiteFacts(
  manager: EntityManager,
  firmIds: readonly string[],
): Promise<Map<string, SupplierSiteFacts>> {
  if (!firmIds.length) return new Map();
  const rows: {
    id: string;
    latitude: number | null;
    longitude: number | null;
    certifications: HeldCertificationRow[];
  }[] = await manager.query(
    `SELECT f.id, f.site_latitude::float8 AS latitude, f.site_longitude::float8 AS longitude,
            COALESCE((SELECT json_agg(json_build_object(
                       'type', c.type, 'number', c.number, 'issuer', c.issuer,
                       'validFrom', to_char(c.valid_from, 'YYYY-MM-DD'), 'validTo', to_char(c.valid_to, 'YYYY-MM-DD'))
                       ORDER BY c.type, c.valid_to DESC, c.number)
                        FROM firm_certifications c WHERE c.firm_id = f.id), '[]'::json) AS certifications
       FROM firms f WHERE f.id = ANY($1::uuid[])`,
    [[...new Set(firmIds)]],
  );
  return new Map(
    rows.map((row) => [
      row.id,
      { firmId: row.id, latitude: row.latitude, longitude: row.longitude, certifications: row.certifications },
    ]),
  );
}

export interface SupplierSearch {
  /** Only firms that list this process. */
  processCode?: string | null;
  /** Only firms holding a certification of this type valid on `asOf`. */
  certificationType?: string | null;
  /** The day certifications must be valid on, `YYYY-MM-DD`. */
  asOf: string;
  /** Distances are measured from here; firms without a site are then left out. */
  near?: { latitude: number; longitude: number } | null;
  /** With `near`: only firms at most this far. */
  maxDistanceKm?: number | null;
  parkId?: string | null;
}

export interface SupplierHit {
  firmId: string;
  /** Great-circle km from `near`; null without it. */
  distanceKm: number | null;
}

/** Every firm matching the search: nearest first (then by id) when a point is given, else by id. */
export function searchSuppliers(manager: EntityManager, search: SupplierSearch): Promise<SupplierHit[]> {
  const near = search.near ?? null;
  const distance = near ? distanceFromPoint('$5::float8', '$6::float8') : 'NULL::float8';
  return manager.query(
    `SELECT firm_id AS "firmId", distance AS "distanceKm" FROM (
       SELECT f.id AS firm_id, ${distance} AS distance
         FROM firms f
        WHERE ($1::text IS NULL OR EXISTS (
                 SELECT 1 FROM firm_processes fp WHERE fp.firm_id = f.id AND fp.process_code = $1))
          AND ($2::text IS NULL OR EXISTS (
                 SELECT 1 FROM firm_certifications c
                  WHERE c.firm_id = f.id AND c.type = $2 AND $3::date BETWEEN c.valid_from AND c.valid_to))
          AND ($4::uuid IS NULL OR f.park_id = $4)
          AND ($5::float8 IS NULL OR f.site_latitude IS NOT NULL)
          AND ($6::float8 IS NULL OR f.site_longitude IS NOT NULL)) AS hits
      WHERE $7::float8 IS NULL OR distance <= $7
      ORDER BY distance NULLS LAST, firm_id`,
    [
      search.processCode ?? null,
      search.certificationType ?? null,
      search.asOf,
      search.parkId ?? null,
      near?.latitude ?? null,
      near?.longitude ?? null,
      near ? (search.maxDistanceKm ?? null) : null,
    ],
  );
}

export interface SupplierProfileFacts {
  firmId: string;
  parkId: string;
  name: string;
  town: string | null;
  processes: { code: string; nameZh: string; nameEn: string }[];
}

/** Name, park, town and processes of each of these firms, in one statement: nothing a buyer may not see. */
export async function supplierProfileFacts(
  manager: EntityManager,
  firmIds: readonly string[],
): Promise<Map<string, SupplierProfileFacts>> {
  if (!firmIds.length) return new Map();
  const rows: SupplierProfileFacts[] = await manager.query(
    `SELECT f.id AS "firmId", f.park_id AS "parkId", f.name, f.site_town AS town,
            COALESCE((SELECT json_agg(json_build_object('code', p.code, 'nameZh', p.name_zh, 'nameEn', p.name_en)
                                      ORDER BY p.code)
                        FROM firm_processes fp JOIN processes p ON p.code = fp.process_code
                       WHERE fp.firm_id = f.id), '[]'::json) AS processes
       FROM firms f WHERE f.id = ANY($1::uuid[])`,
    [[...new Set(firmIds)]],
  );
  return new Map(rows.map((row) => [row.firmId, row]));
}
