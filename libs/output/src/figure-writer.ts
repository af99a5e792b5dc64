import { Injectable } from '@nestjs/common';
import { AuditAction, AuditActor, AuditEntry, AuditSubject, recordAudit } from '@vg/audit';
import { Tx } from '@vg/core';
import { AnnualFigureKind } from './annual-figure-kind';
import { AuditState, FigureSource } from './figure-provenance';

export interface AnnualFigureValue {
  firmId: string;
  year: number;
  kind: AnnualFigureKind;
  value: string;
}

export interface MonthlyOutputValue {
  firmId: string;
  /** First day of the month. */
  month: string;
  value: string;
}

export interface FigureProvenance {
  parkId: string;
  source: FigureSource;
  importJobId: string | null;
  enteredBy: string;
  auditState: AuditState;
  /** Set when the figure is approved as it is written (an accepted objection). */
  reviewedBy: string | null;
  /** Who makes the change, for the audit trail (the importing or deciding admin, the reporting owner). */
  actor: AuditActor;
}

interface VersionRow {
  id: string;
  firm_id: string;
  /** The year, or the month's first day. */
  period: number | string;
  kind: string | null;
  value: string;
  audit_state: string;
}

/** One audit entry per changed figure: the version it replaced (if any) and the new one. */
function figureAuditEntries(
  subject: AuditSubject,
  provenance: FigureProvenance,
  replaced: VersionRow[],
  written: VersionRow[],
): AuditEntry[] {
  const keyOf = (row: VersionRow) => `${row.firm_id}|${row.period}|${row.kind ?? ''}`;
  const before = new Map(replaced.map((row) => [keyOf(row), row]));
  const record = (row: VersionRow) => ({
    ...(row.kind ? { kind: row.kind } : {}),
    period: row.period,
    value: row.value,
    auditState: row.audit_state,
  });
  return written.map((row) => {
    const previous = before.get(keyOf(row));
    return {
      parkId: provenance.parkId,
      firmId: row.firm_id,
      year: typeof row.period === 'number' ? row.period : Number(String(row.period).slice(0, 4)),
      subject,
      subjectId: row.id,
      action: previous ? AuditAction.CHANGED : AuditAction.CREATED,
      before: previous ? { ...record(previous), figureId: previous.id } : null,
      after: { ...record(row), source: provenance.source },
      importJobId: provenance.importJobId,
    };
  });
}

/**
 * One writer of a park's figures at a time (held to the end of the transaction), so an import and a firm's own
 * report never race for the same current version.
 */
export async function lockParkFigures(tx: Tx, parkId: string): Promise<void> {
  await tx.manager.query(`SELECT pg_advisory_xact_lock(hashtext('vg:figures'), hashtext($1))`, [parkId]);
}

/**
 * Writes figures as new versions, set-based: a value equal to the current one writes nothing (unless that one was
 * returned: sending it again resubmits it); a different one stamps the current version superseded and inserts the
 * new one. Two statements, in this order, because the
 * partial unique index on current versions is checked row by row.
 */
@Injectable()
export class FigureWriter {
  /** Returns how many figures changed. Clears the confirmation of every sheet whose figures changed. */
  async writeAnnual(
    tx: Tx,
    provenance: FigureProvenance,
    figures: AnnualFigureValue[],
    options: { keepConfirmation?: boolean } = {},
  ): Promise<number> {
    if (!figures.length) return 0;
    await lockParkFigures(tx, provenance.parkId);
    const incoming = [
      figures.map((figure) => figure.firmId),
      figures.map((figure) => figure.year),
      figures.map((figure) => figure.kind),
      figures.map((figure) => figure.value),
    ];
    const unnest = `unnest($1::uuid[], $2::smallint[], $3::annual_figure_kind[], $4::numeric[]) AS i(firm_id, year, kind, value)`;
    // LIMIT 1 keeps the lookup a probe of the current-version index per figure; as a plain join the planner hashes
    // every current figure of every park.
    const [replaced]: [VersionRow[]] = await tx.manager.query(
      `UPDATE firm_annual_figures SET superseded_at = now()
        WHERE id IN (
              SELECT current.id FROM ${unnest}
               CROSS JOIN LATERAL (
                     SELECT f.id FROM firm_annual_figures f
                      WHERE f.firm_id = i.firm_id AND f.year = i.year AND f.kind = i.kind AND f.superseded_at IS NULL
                        AND (f.value <> i.value OR f.audit_state = 'RETURNED')
                      LIMIT 1) AS current)
        RETURNING id, firm_id, year AS period, kind, trim_scale(value)::text AS value, audit_state`,
      incoming,
    );
    const written: VersionRow[] = await tx.manager.query(
      `WITH inserted AS (
         INSERT INTO firm_annual_figures
                (firm_id, park_id, year, kind, value, source, import_job_id, audit_state, entered_by, reviewed_by, reviewed_at)
         SELECT i.firm_id, $5, i.year, i.kind, i.value, $6, $7, $8, $9, $10, CASE WHEN $10::uuid IS NULL THEN NULL ELSE now() END
           FROM ${unnest}
          WHERE NOT EXISTS (
                SELECT 1 FROM firm_annual_figures f
                 WHERE f.firm_id = i.firm_id AND f.year = i.year AND f.kind = i.kind AND f.superseded_at IS NULL)
         RETURNING id, firm_id, year, kind, value, audit_state)
       , reopened AS (
         UPDATE firm_year_sheets s SET confirmed_at = NULL, confirmed_by = NULL, updated_at = now()
          WHERE NOT $11::boolean AND s.confirmed_at IS NOT NULL
            AND (s.firm_id, s.year) IN (SELECT firm_id, year FROM inserted)
         RETURNING 1)
       SELECT id, firm_id, year AS period, kind, trim_scale(value)::text AS value, audit_state FROM inserted`,
      [
        ...incoming,
        provenance.parkId,
        provenance.source,
        provenance.importJobId,
        provenance.auditState,
        provenance.enteredBy,
        provenance.reviewedBy,
        options.keepConfirmation ?? false,
      ],
    );
    await recordAudit(
      tx,
      provenance.actor,
      figureAuditEntries(AuditSubject.ANNUAL_FIGURE, provenance, replaced, written),
    );
    return written.length;
  }

  /** Returns how many months changed. */
  async writeMonthly(tx: Tx, provenance: FigureProvenance, figures: MonthlyOutputValue[]): Promise<number> {
    if (!figures.length) return 0;
    await lockParkFigures(tx, provenance.parkId);
    const incoming = [
      figures.map((figure) => figure.firmId),
      figures.map((figure) => figure.month),
      figures.map((figure) => figure.value),
    ];
    const unnest = `unnest($1::uuid[], $2::date[], $3::numeric[]) AS i(firm_id, month, value)`;
    const [replaced]: [VersionRow[]] = await tx.manager.query(
      `UPDATE firm_monthly_output SET superseded_at = now()
        WHERE id IN (
              SELECT current.id FROM ${unnest}
               CROSS JOIN LATERAL (
                     SELECT o.id FROM firm_monthly_output o
                      WHERE o.firm_id = i.firm_id AND o.month = i.month AND o.superseded_at IS NULL
                        AND (o.output_value <> i.value OR o.audit_state = 'RETURNED')
                      LIMIT 1) AS current)
        RETURNING id, firm_id, to_char(month, 'YYYY-MM') AS period, NULL AS kind,
                  trim_scale(output_value)::text AS value, audit_state`,
      incoming,
    );
    const written: VersionRow[] = await tx.manager.query(
      `WITH inserted AS (
         INSERT INTO firm_monthly_output
                (firm_id, park_id, month, output_value, source, import_job_id, audit_state, entered_by, reviewed_by, reviewed_at)
         SELECT i.firm_id, $4, i.month, i.value, $5, $6, $7, $8, $9, CASE WHEN $9::uuid IS NULL THEN NULL ELSE now() END
           FROM ${unnest}
          WHERE NOT EXISTS (
                SELECT 1 FROM firm_monthly_output o
                 WHERE o.firm_id = i.firm_id AND o.month = i.month AND o.superseded_at IS NULL)
         RETURNING id, firm_id, month, output_value, audit_state)
       SELECT id, firm_id, to_char(month, 'YYYY-MM') AS period, NULL AS kind,
              trim_scale(output_value)::text AS value, audit_state
         FROM inserted`,
      [
        ...incoming,
        provenance.parkId,
        provenance.source,
        provenance.importJobId,
        provenance.auditState,
        provenance.enteredBy,
        provenance.reviewedBy,
      ],
    );
    await recordAudit(
      tx,
      provenance.actor,
      figureAuditEntries(AuditSubject.MONTHLY_OUTPUT, provenance, replaced, written),
    );
    return written.length;
  }
}
