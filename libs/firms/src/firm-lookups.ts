import { mayRead, notFound, Page, PageArgs, paginate, Principal, Resource } from '@vg/core';
import { EntityManager } from 'typeorm';
import { firmTenancy, restrictToReadableFirms } from './firm-access';
import { FirmEntity } from './firm.entity';

/** What another context may know of a firm to show or file its rows: who it is and which park it belongs to. */
export interface FirmIdentity {
  id: string;
  parkId: string;
  uscc: string;
  name: string;
  /** The day the firm joined the platform, `YYYY-MM-DD`; null for a registered firm that has not joined. */
  joinedOn: string | null;
}

const IDENTITY_COLUMNS = `id, park_id AS "parkId", uscc, name, to_char(joined_on, 'YYYY-MM-DD') AS "joinedOn"`;

/** The firms of these ids that exist, in one query. */
export async function firmIdentities(
  manager: EntityManager,
  firmIds: readonly string[],
): Promise<Map<string, FirmIdentity>> {
  if (!firmIds.length) return new Map();
  const rows: FirmIdentity[] = await manager.query(`SELECT ${IDENTITY_COLUMNS} FROM firms WHERE id = ANY($1::uuid[])`, [
    [...new Set(firmIds)],
  ]);
  return new Map(rows.map((firm) => [firm.id, firm]));
}

/** Every firm of a park, by USCC (the order the bureaus file them in). */
export function firmsOfPark(manager: EntityManager, parkId: string): Promise<FirmIdentity[]> {
  return manager.query(`SELECT ${IDENTITY_COLUMNS} FROM firms WHERE park_id = $1 ORDER BY uscc`, [parkId]);
}

/** The registered firms of these USCCs (the key every bureau file is matched on), by USCC. */
export async function firmsByUscc(
  manager: EntityManager,
  usccs: readonly string[],
): Promise<Map<string, FirmIdentity>> {
  if (!usccs.length) return new Map();
  const rows: FirmIdentity[] = await manager.query(
    `SELECT ${IDENTITY_COLUMNS} FROM firms WHERE uscc = ANY($1::bpchar[])`,
    [usccs],
  );
  return new Map(rows.map((firm) => [firm.uscc, firm]));
}

/** The firm if the caller may read it (the access policy's firm rule); else NOT_FOUND, as for a missing firm. */
export async function readableFirm(
  manager: EntityManager,
  principal: Principal,
  firmId: string,
): Promise<FirmIdentity> {
  const firm = (await firmIdentities(manager, [firmId])).get(firmId);
  if (!firm || !mayRead(principal, Resource.FIRM, firmTenancy(firm))) throw notFound('Firm');
  return firm;
}

/** Narrows a page of readable firms: to a park, to the given ids, or to all but the given ids. */
export interface FirmSelection {
  parkId?: string | null;
  onlyIds?: readonly string[];
  exceptIds?: readonly string[];
}

/** A page of the firms the caller may read, by id (the same keyset as the `firms` query). */
export async function pageReadableFirms(
  manager: EntityManager,
  principal: Principal,
  selection: FirmSelection,
  page: PageArgs,
): Promise<Page<FirmIdentity>> {
  const query = restrictToReadableFirms(manager.createQueryBuilder(FirmEntity, 'firm'), principal);
  if (selection.parkId) query.andWhere('firm.park_id = :parkId', { parkId: selection.parkId });
  if (selection.onlyIds) query.andWhere('firm.id = ANY(:onlyIds::uuid[])', { onlyIds: selection.onlyIds });
  if (selection.exceptIds?.length) {
    query.andWhere('firm.id <> ALL(:exceptIds::uuid[])', { exceptIds: selection.exceptIds });
  }
  const result = await paginate(query, page);
  return {
    ...result,
    nodes: result.nodes.map(({ id, parkId, uscc, name, joinedOn }) => ({ id, parkId, uscc, name, joinedOn })),
  };
}

/** The processes each of these firms lists, for the firms that belong to the park (others are left out). */
export async function firmProcessCodes(
  manager: EntityManager,
  parkId: string,
  firmIds: readonly string[],
): Promise<Map<string, string[]>> {
  if (!firmIds.length) return new Map();
  const rows: { id: string; processes: string[] }[] = await manager.query(
    `SELECT f.id, COALESCE(array_agg(fp.process_code) FILTER (WHERE fp.process_code IS NOT NULL), '{}') AS processes
       FROM firms f LEFT JOIN firm_processes fp ON fp.firm_id = f.id
      WHERE f.id = ANY($1::uuid[]) AND f.park_id = $2
      GROUP BY f.id`,
    [[...new Set(firmIds)], parkId],
  );
  return new Map(rows.map((row) => [row.id, row.processes]));
}

/** Of these process codes, the ones a park may not use: not in the shared catalogue nor among the park's own. */
export async function unknownProcessCodes(
  manager: EntityManager,
  parkId: string,
  codes: readonly string[],
): Promise<string[]> {
  if (!codes.length) return [];
  const rows: { code: string }[] = await manager.query(
    'SELECT code FROM processes WHERE code = ANY($1) AND (park_id IS NULL OR park_id = $2)',
    [codes, parkId],
  );
  const known = new Set(rows.map((row) => row.code));
  return codes.filter((code) => !known.has(code));
}
