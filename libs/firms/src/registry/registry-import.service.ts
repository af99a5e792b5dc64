import { Injectable } from '@nestjs/common';
import { AuditEntry, auditActor, recordAudit } from '@vg/audit';
import { Principal, Tx } from '@vg/core';
import { InvitationService, IssuedInvitation } from '@vg/identity';
import { EntityManager } from 'typeorm';
import { plotAuditEntry, scaleAuditEntry } from '../firm-audit';
import { FirmScale } from '../firm-scale.entity';
import { LandPlotEntity } from '../land-plot.entity';
import { RegistryKind } from './registry-layouts';
import {
  FirmRecord,
  KnownFirm,
  PlotRecord,
  RegistryProblem,
  RegistryRecords,
  RegistryRow,
  ScaleRecord,
  validateRegistryRows,
} from './registry-validation';

/** Rows written per statement; progress is reported after each chunk. */
const CHUNK_ROWS = 2000;

export interface RegistryOutcome {
  created: number;
  updated: number;
  /** Issued to firms that had neither an owner nor an open invitation; the tokens are in this answer only. */
  invitations: IssuedInvitation[];
}

export type RegistryPreparation = { problems: RegistryProblem[] } | { records: RegistryRecords };

/**
 * Reads a bureau's registry into the park: firms by USCC, plots by certificate and firm, scales by firm and year.
 * `prepare` checks every row against what is registered (no writing); `write` applies a checked file set-based in
 * the caller's transaction — an import is all or nothing — and audits every plot and scale it creates or changes.
 * Importing the same content again changes nothing and invites nobody twice.
 */
@Injectable()
export class RegistryImportService {
  constructor(private readonly invitations: InvitationService) {}

  async prepare(
    manager: EntityManager,
    parkId: string,
    kind: RegistryKind,
    rows: readonly RegistryRow[],
    presentColumns: ReadonlySet<string>,
  ): Promise<RegistryPreparation> {
    const usccs = [...new Set(rows.map((row) => (row.values.uscc ?? '').trim().toUpperCase()).filter(Boolean))];
    const known: (KnownFirm & { uscc: string })[] = usccs.length
      ? await manager.query('SELECT id, park_id AS "parkId", name, uscc FROM firms WHERE uscc = ANY($1::bpchar[])', [
          usccs,
        ])
      : [];
    const byUscc = new Map(known.map((firm) => [firm.uscc, firm]));
    const { records, problems } = validateRegistryRows(kind, rows, byUscc, parkId, presentColumns);
    return problems.length ? { problems } : { records };
  }

  async write(
    tx: Tx,
    principal: Principal,
    parkId: string,
    records: RegistryRecords,
    importJobId: string,
    progress: (rowsWritten: number) => Promise<void>,
  ): Promise<RegistryOutcome> {
    // One registry import of a park at a time: two files naming the same new firm must not race.
    await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('vg:registry'), hashtext($1))`, [parkId]);
    switch (records.kind) {
      case RegistryKind.FIRMS:
        return this.writeFirms(tx, principal, parkId, records.records, progress);
      case RegistryKind.LAND:
        return writePlots(tx, principal, parkId, records.records, importJobId, progress);
      case RegistryKind.SCALE:
        return writeScales(tx, principal, parkId, records.records, records.completeList, importJobId, progress);
    }
  }

  private async writeFirms(
    tx: Tx,
    principal: Principal,
    parkId: string,
    records: FirmRecord[],
    progress: (rowsWritten: number) => Promise<void>,
  ): Promise<RegistryOutcome> {
    let created = 0;
    let updated = 0;
    for (let start = 0; start < records.length; start += CHUNK_ROWS) {
      const chunk = records.slice(start, start + CHUNK_ROWS);
      const columns = [
        chunk.map((firm) => firm.uscc),
        chunk.map((firm) => firm.name),
        chunk.map((firm) => firm.industryCode),
        chunk.map((firm) => firm.industryGroup),
        chunk.map((firm) => firm.defaultGroup),
        chunk.map((firm) => firm.address),
        chunk.map((firm) => firm.legalRepresentative),
        chunk.map((firm) => firm.registeredOn),
        chunk.map((firm) => firm.latitude),
        chunk.map((firm) => firm.longitude),
        chunk.map((firm) => firm.employees),
      ];
      const input = `unnest($2::bpchar[], $3::text[], $4::bpchar[], $5::text[], $6::text[], $7::text[], $8::text[],
                             $9::date[], $10::numeric[], $11::numeric[], $12::int[])
                     AS i(uscc, name, industry_code, industry_group, default_group, address, legal_representative,
                          registered_on, site_latitude, site_longitude, employees)`;
      // A blank cell keeps what is recorded; the name and industry code are always given.
      const [changed]: [unknown[], number] = await tx.manager.query(
        `UPDATE firms f
            SET name = i.name, industry_code = i.industry_code,
                industry_group = COALESCE(i.industry_group, f.industry_group),
                address = COALESCE(i.address, f.address),
                legal_representative = COALESCE(i.legal_representative, f.legal_representative),
                registered_on = COALESCE(i.registered_on, f.registered_on),
                site_latitude = COALESCE(i.site_latitude, f.site_latitude),
                site_longitude = COALESCE(i.site_longitude, f.site_longitude),
                employees = COALESCE(i.employees, f.employees),
                updated_at = now()
           FROM ${input}
          WHERE f.uscc = i.uscc AND f.park_id = $1
            AND (f.name, f.industry_code, f.industry_group, f.address, f.legal_representative, f.registered_on,
                 f.site_latitude, f.site_longitude, f.employees)
                IS DISTINCT FROM
                (i.name, i.industry_code, COALESCE(i.industry_group, f.industry_group), COALESCE(i.address, f.address),
                 COALESCE(i.legal_representative, f.legal_representative), COALESCE(i.registered_on, f.registered_on),
                 COALESCE(i.site_latitude, f.site_latitude), COALESCE(i.site_longitude, f.site_longitude),
                 COALESCE(i.employees, f.employees))
          RETURNING f.id`,
        [parkId, ...columns],
      );
      updated += changed.length;
      const inserted: unknown[] = await tx.manager.query(
        `INSERT INTO firms (park_id, uscc, name, industry_code, industry_group, address, legal_representative,
                            registered_on, site_latitude, site_longitude, employees)
         SELECT $1, i.uscc, i.name, i.industry_code, COALESCE(i.industry_group, i.default_group), i.address,
                i.legal_representative, i.registered_on, i.site_latitude, i.site_longitude, i.employees
           FROM ${input}
          WHERE NOT EXISTS (SELECT 1 FROM firms f WHERE f.uscc = i.uscc)
         RETURNING id`,
        [parkId, ...columns],
      );
      created += inserted.length;
      await progress(start + chunk.length);
    }
    return { created, updated, invitations: await this.inviteOwners(tx, principal, parkId, records) };
  }

  private async inviteOwners(tx: Tx, principal: Principal, parkId: string, records: FirmRecord[]) {
    const reachable = records.filter((firm) => firm.ownerEmail || firm.ownerPhone);
    if (!reachable.length) return [];
    const ids: { id: string; uscc: string }[] = await tx.manager.query(
      'SELECT id, uscc FROM firms WHERE park_id = $1 AND uscc = ANY($2::bpchar[])',
      [parkId, reachable.map((firm) => firm.uscc)],
    );
    const idOf = new Map(ids.map((row) => [row.uscc, row.id]));
    return this.invitations.inviteOwners(
      tx,
      reachable.map((firm) => ({
        parkId,
        firmId: idOf.get(firm.uscc)!,
        email: firm.ownerEmail,
        phone: firm.ownerPhone,
      })),
      principal.userId,
    );
  }
}

type PlotRow = Pick<
  LandPlotEntity,
  'id' | 'firmId' | 'certificateNo' | 'areaM2' | 'areaMu' | 'tenure' | 'lessor' | 'landUse' | 'tenants'
>;

const PLOT_COLUMNS = `id, firm_id AS "firmId", certificate_no AS "certificateNo", area_m2 AS "areaM2", area_mu AS "areaMu",
                      tenure, lessor, land_use AS "landUse", tenants`;

async function writePlots(
  tx: Tx,
  principal: Principal,
  parkId: string,
  records: PlotRecord[],
  importJobId: string,
  progress: (rowsWritten: number) => Promise<void>,
): Promise<RegistryOutcome> {
  let created = 0;
  let updated = 0;
  for (let start = 0; start < records.length; start += CHUNK_ROWS) {
    const chunk = records.slice(start, start + CHUNK_ROWS);
    const existing: PlotRow[] = await tx.manager.query(
      `SELECT ${PLOT_COLUMNS} FROM land_plots
        WHERE (certificate_no, firm_id) IN (SELECT * FROM unnest($1::text[], $2::uuid[]))
        FOR UPDATE`,
      [chunk.map((plot) => plot.certificateNo), chunk.map((plot) => plot.firmId)],
    );
    const recorded = new Map(existing.map((plot) => [`${plot.certificateNo}|${plot.firmId}`, plot]));
    const audit: AuditEntry[] = [];
    const changes = chunk.flatMap((plot) => {
      const before = recorded.get(`${plot.certificateNo}|${plot.firmId}`);
      if (!before) return [];
      const after = { ...before, ...fieldsOf(plot) };
      if (JSON.stringify(fieldsOf(before)) === JSON.stringify(fieldsOf(plot))) return [];
      audit.push(plotAuditEntry(parkId, before.id, before, after, importJobId));
      return [after];
    });
    if (changes.length) {
      await tx.manager.query(
        `UPDATE land_plots p
            SET area_m2 = i.area_m2, area_mu = i.area_mu, tenure = i.tenure, lessor = i.lessor, land_use = i.land_use,
                tenants = ARRAY(SELECT jsonb_array_elements_text(i.tenants_json))::varchar[]
           FROM unnest($1::uuid[], $2::numeric[], $3::numeric[], $4::land_tenure[], $5::text[], $6::text[], $7::jsonb[])
                AS i(id, area_m2, area_mu, tenure, lessor, land_use, tenants_json)
          WHERE p.id = i.id`,
        plotArrays(changes, true),
      );
    }
    const fresh = chunk.filter((plot) => !recorded.has(`${plot.certificateNo}|${plot.firmId}`));
    if (fresh.length) {
      const inserted: PlotRow[] = await tx.manager.query(
        `INSERT INTO land_plots (firm_id, park_id, certificate_no, area_m2, area_mu, tenure, lessor, land_use, tenants)
         SELECT i.firm_id, $1, i.certificate_no, i.area_m2, i.area_mu, i.tenure, i.lessor, i.land_use,
                ARRAY(SELECT jsonb_array_elements_text(i.tenants_json))::varchar[]
           FROM unnest($2::uuid[], $3::text[], $4::numeric[], $5::numeric[], $6::land_tenure[], $7::text[], $8::text[],
                       $9::jsonb[])
                AS i(firm_id, certificate_no, area_m2, area_mu, tenure, lessor, land_use, tenants_json)
         RETURNING ${PLOT_COLUMNS}`,
        [parkId, ...plotArrays(fresh, false)],
      );
      for (const plot of inserted) audit.push(plotAuditEntry(parkId, plot.id, null, plot, importJobId));
    }
    created += fresh.length;
    updated += changes.length;
    await recordAudit(tx, auditActor(principal), audit);
    await progress(start + chunk.length);
  }
  return { created, updated, invitations: [] };
}

/** The fields an import sets, in a fixed order (so a recorded and an incoming plot compare as text). */
function fieldsOf(plot: Omit<PlotRow, 'id'>) {
  return {
    areaM2: plot.areaM2,
    areaMu: plot.areaMu,
    tenure: plot.tenure,
    lessor: plot.lessor,
    landUse: plot.landUse,
    tenants: plot.tenants,
  };
}

function plotArrays(plots: (Omit<PlotRow, 'id'> & { id?: string })[], byId: boolean): unknown[] {
  const common = [
    plots.map((plot) => plot.areaM2),
    plots.map((plot) => plot.areaMu),
    plots.map((plot) => plot.tenure),
    plots.map((plot) => plot.lessor),
    plots.map((plot) => plot.landUse),
    plots.map((plot) => JSON.stringify(plot.tenants)),
  ];
  return byId
    ? [plots.map((plot) => plot.id), ...common]
    : [plots.map((plot) => plot.firmId), plots.map((plot) => plot.certificateNo), ...common];
}

/**
 * Scales as listed; a complete 规上 list (no scale column) also makes every other firm of the park 规下 for the
 * years it covers. Only changed scales are written and audited.
 */
async function writeScales(
  tx: Tx,
  principal: Principal,
  parkId: string,
  records: ScaleRecord[],
  completeList: boolean,
  importJobId: string,
  progress: (rowsWritten: number) => Promise<void>,
): Promise<RegistryOutcome> {
  const years = [...new Set(records.map((record) => record.year))];
  const current: { firm_id: string; year: number; scale: FirmScale }[] = await tx.manager.query(
    'SELECT firm_id, year, scale FROM firm_scales WHERE park_id = $1 AND year = ANY($2::smallint[]) FOR UPDATE',
    [parkId, years],
  );
  const recorded = new Map(current.map((row) => [`${row.firm_id}|${row.year}`, row.scale]));
  const wanted = new Map(records.map((record) => [`${record.firmId}|${record.year}`, record]));
  if (completeList) {
    const firms: { id: string }[] = await tx.manager.query('SELECT id FROM firms WHERE park_id = $1', [parkId]);
    for (const year of years) {
      for (const { id } of firms) {
        const key = `${id}|${year}`;
        if (!wanted.has(key)) wanted.set(key, { line: 0, firmId: id, year, scale: FirmScale.BELOW });
      }
    }
  }
  const changes = [...wanted.values()].filter(
    (record) => recorded.get(`${record.firmId}|${record.year}`) !== record.scale,
  );
  for (let start = 0; start < changes.length; start += CHUNK_ROWS) {
    const chunk = changes.slice(start, start + CHUNK_ROWS);
    await tx.manager.query(
      `INSERT INTO firm_scales (firm_id, year, park_id, scale)
       SELECT i.firm_id, i.year, $1, i.scale FROM unnest($2::uuid[], $3::smallint[], $4::firm_scale[]) AS i(firm_id, year, scale)
       ON CONFLICT (firm_id, year) DO UPDATE SET scale = EXCLUDED.scale`,
      [parkId, chunk.map((row) => row.firmId), chunk.map((row) => row.year), chunk.map((row) => row.scale)],
    );
    await recordAudit(
      tx,
      auditActor(principal),
      chunk.map((row) =>
        scaleAuditEntry(
          parkId,
          row.firmId,
          row.year,
          recorded.get(`${row.firmId}|${row.year}`) ?? null,
          row.scale,
          importJobId,
        ),
      ),
    );
  }
  await progress(records.length);
  const created = changes.filter((row) => !recorded.has(`${row.firmId}|${row.year}`)).length;
  return { created, updated: changes.length - created, invitations: [] };
}
