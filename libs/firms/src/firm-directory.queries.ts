import { EntityManager } from 'typeorm';

/**
 * What other contexts may read of firms and the process catalogue, set-based (one statement for any number of
 * firms): names, the day each firm joined the platform, industry groups, processes and their labels, land plots.
 */

/** The firms' names, by id, in name order (then id); firms that do not exist are left out. */
export async function firmNames(manager: EntityManager, firmIds: readonly string[]): Promise<Map<string, string>> {
  if (!firmIds.length) return new Map();
  const rows: { id: string; name: string }[] = await manager.query(
    'SELECT id, name FROM firms WHERE id = ANY($1::uuid[]) ORDER BY name, id',
    [[...new Set(firmIds)]],
  );
  return new Map(rows.map((row) => [row.id, row.name]));
}

export interface JoinedFirm {
  firmId: string;
  /** The day the firm joined the platform, `YYYY-MM-DD`. */
  joinedOn: string;
}

/** Every firm of a park, or one firm, that has joined the platform, with the day it joined; in firm id order. */
export function firmsJoined(
  manager: EntityManager,
  scope: { parkId: string } | { firmId: string },
): Promise<JoinedFirm[]> {
  const [column, id] = 'parkId' in scope ? ['park_id', scope.parkId] : ['id', scope.firmId];
  return manager.query(
    `SELECT id AS "firmId", to_char(joined_on, 'YYYY-MM-DD') AS "joinedOn" FROM firms
      WHERE ${column} = $1 AND joined_on IS NOT NULL ORDER BY id`,
    [id],
  );
}

/** The industry group of every firm of a park. */
export function industryGroupsOfPark(
  manager: EntityManager,
  parkId: string,
): Promise<{ firmId: string; industryGroup: string }[]> {
  return manager.query(
    'SELECT id AS "firmId", industry_group AS "industryGroup" FROM firms WHERE park_id = $1 ORDER BY id',
    [parkId],
  );
}

export interface ProcessLabel {
  code: string;
  nameZh: string;
  nameEn: string;
}

/** The catalogue as a park sees it (the shared entries and the park's own), by code. */
export function processLabels(manager: EntityManager, parkId: string): Promise<ProcessLabel[]> {
  return manager.query(
    `SELECT code, name_zh AS "nameZh", name_en AS "nameEn" FROM processes
      WHERE park_id IS NULL OR park_id = $1 ORDER BY code`,
    [parkId],
  );
}

/** Which of these codes are in the process catalogue (shared or any park's). */
export async function catalogueProcessCodes(manager: EntityManager, codes: readonly string[]): Promise<Set<string>> {
  const rows: { code: string }[] = await manager.query('SELECT code FROM processes WHERE code = ANY($1)', [codes]);
  return new Set(rows.map((row) => row.code));
}

/** Whether the firm lists this process among the ones it can do. */
export async function firmDoesProcess(manager: EntityManager, firmId: string, processCode: string): Promise<boolean> {
  const rows: unknown[] = await manager.query('SELECT 1 FROM firm_processes WHERE firm_id = $1 AND process_code = $2', [
    firmId,
    processCode,
  ]);
  return rows.length > 0;
}

/** The certificate numbers of these land plots, by plot id, in certificate order. */
export async function landPlotCertificates(
  manager: EntityManager,
  plotIds: readonly string[],
): Promise<Map<string, string>> {
  if (!plotIds.length) return new Map();
  const rows: { id: string; certificate_no: string }[] = await manager.query(
    'SELECT id, certificate_no FROM land_plots WHERE id = ANY($1::uuid[]) ORDER BY certificate_no',
    [[...new Set(plotIds)]],
  );
  return new Map(rows.map((row) => [row.id, row.certificate_no]));
}
