import { Injectable } from '@nestjs/common';
import { AuditAction, auditActor, AuditSubject, recordAudit } from '@vg/audit';
import {
  administeredParkId,
  badInput,
  conflict,
  notFound,
  ownFirmId,
  PageArgs,
  Principal,
  readAudience,
  Resource,
  toModel,
  UnitOfWork,
} from '@vg/core';
import { FirmIdentity, FirmSelection, pageReadableFirms, readableFirm } from '@vg/firms';
import Decimal from 'decimal.js';
import { In } from 'typeorm';
import { ANNUAL_FIGURE_KINDS, ANNUAL_FIGURES, AnnualFigureKind } from './annual-figure-kind';
import { AnnualFigureEntity } from './annual-figure.entity';
import {
  ConfirmYearSheetInput,
  ReportAnnualFiguresInput,
  ReviewFiguresInput,
  YearSheetFilterInput,
} from './dto/figures.inputs';
import { AnnualFigureModel, YearSheetModel } from './dto/figures.models';
import { ReviewDecision } from './dto/output-enums';
import { AuditState, FigureSource } from './figure-provenance';
import { FigureWriter, lockParkFigures } from './figure-writer';
import { YearSheetEntity } from './year-sheet.entity';

interface ReviewedRow {
  id: string;
  firm_id: string;
  year: number;
  kind: string | null;
  before_state: string;
}

/** 一企一单: the yearly sheet of each firm, the firm's own figures, the park's review and the firm's confirmation. */
@Injectable()
export class AnnualFiguresService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly writer: FigureWriter,
  ) {}

  async sheet(principal: Principal, firmId: string, year: number): Promise<YearSheetModel> {
    const firm = await readableFirm(this.unitOfWork.manager, principal, firmId);
    const [sheet] = await this.sheetsOf([firm], year);
    return sheet;
  }

  /** The sheets of the firms the caller may read, paged by firm id; optionally only the (un)confirmed ones. */
  async sheets(principal: Principal, year: number, filter: YearSheetFilterInput, page: PageArgs) {
    const selection: FirmSelection = { parkId: filter.parkId };
    if (filter.confirmed !== undefined && filter.confirmed !== null) {
      const confirmed = await this.confirmedFirmIds(principal, year, filter.parkId);
      if (filter.confirmed) selection.onlyIds = confirmed;
      else selection.exceptIds = confirmed;
    }
    const result = await pageReadableFirms(this.unitOfWork.manager, principal, selection, page);
    return { ...result, nodes: await this.sheetsOf(result.nodes, year) };
  }

  /** Every version of one figure, newest first: how it came to be what it is. */
  async history(principal: Principal, firmId: string, year: number, kind: AnnualFigureKind) {
    await readableFirm(this.unitOfWork.manager, principal, firmId);
    const versions = await this.unitOfWork.manager.find(AnnualFigureEntity, {
      where: { firmId, year, kind },
      order: { createdAt: 'DESC', id: 'ASC' },
    });
    return versions.map(AnnualFigureModel.from);
  }

  async report(principal: Principal, input: ReportAnnualFiguresInput): Promise<YearSheetModel> {
    const firmId = ownFirmId(principal, input.firmId);
    const kinds = input.figures.map((figure) => figure.kind);
    if (new Set(kinds).size !== kinds.length) throw badInput('figures', 'Each kind may appear once');
    input.figures.forEach((figure, index) => assertFitsKind(figure.kind, figure.value, `figures.${index}.value`));
    const firm = await readableFirm(this.unitOfWork.manager, principal, firmId);
    await this.unitOfWork.run((tx) =>
      this.writer.writeAnnual(
        tx,
        {
          parkId: firm.parkId,
          source: FigureSource.SELF_REPORTED,
          importJobId: null,
          enteredBy: principal.userId,
          auditState: AuditState.PENDING,
          reviewedBy: null,
          actor: auditActor(principal),
        },
        input.figures.map((figure) => ({ firmId, year: input.year, kind: figure.kind, value: figure.value })),
      ),
    );
    return this.sheet(principal, firmId, input.year);
  }

  /** Approves or returns current figures (yearly or monthly) of the admin's park, all or none. */
  review(principal: Principal, input: ReviewFiguresInput): Promise<number> {
    const parkId = administeredParkId(principal);
    const ids = [...new Set(input.figureIds)];
    const state = input.decision === ReviewDecision.APPROVE ? AuditState.APPROVED : AuditState.RETURNED;
    const reason = state === AuditState.RETURNED ? input.reason!.trim() : null;
    return this.unitOfWork.run(async (tx) => {
      await lockParkFigures(tx, parkId);
      const parameters = [ids, parkId, state, reason, principal.userId];
      // An UPDATE answers [rows, rowCount] through TypeORM; the CTE keeps each figure's state before the review.
      const [annual]: [ReviewedRow[]] = await tx.manager.query(
        `WITH target AS (
           SELECT id, audit_state FROM firm_annual_figures
            WHERE id = ANY($1::uuid[]) AND park_id = $2 AND superseded_at IS NULL FOR UPDATE)
         UPDATE firm_annual_figures f
            SET audit_state = $3, return_reason = $4, reviewed_by = $5, reviewed_at = now()
           FROM target WHERE f.id = target.id
         RETURNING f.id, f.firm_id, f.year, f.kind::text AS kind, target.audit_state AS before_state`,
        parameters,
      );
      const [monthly]: [ReviewedRow[]] = await tx.manager.query(
        `WITH target AS (
           SELECT id, audit_state FROM firm_monthly_output
            WHERE id = ANY($1::uuid[]) AND park_id = $2 AND superseded_at IS NULL FOR UPDATE)
         UPDATE firm_monthly_output o
            SET audit_state = $3, return_reason = $4, reviewed_by = $5, reviewed_at = now()
           FROM target WHERE o.id = target.id
         RETURNING o.id, o.firm_id, EXTRACT(YEAR FROM o.month)::int AS year, NULL AS kind,
                   target.audit_state AS before_state`,
        parameters,
      );
      // Out of reach, superseded or unknown ids answer alike, and nothing is changed.
      if (annual.length + monthly.length !== ids.length) throw notFound('Figure');
      await recordAudit(
        tx,
        auditActor(principal),
        [...annual, ...monthly].map((row) => ({
          parkId,
          firmId: row.firm_id,
          year: row.year,
          subject: row.kind ? AuditSubject.ANNUAL_FIGURE : AuditSubject.MONTHLY_OUTPUT,
          subjectId: row.id,
          action: AuditAction.DECIDED,
          before: { auditState: row.before_state },
          after: { auditState: state },
          reason,
        })),
      );
      if (state === AuditState.RETURNED && annual.length) {
        await tx.manager.query(
          `UPDATE firm_year_sheets SET confirmed_at = NULL, confirmed_by = NULL, updated_at = now()
            WHERE (firm_id, year) IN (SELECT * FROM unnest($1::uuid[], $2::smallint[]))`,
          [annual.map((row) => row.firm_id), annual.map((row) => row.year)],
        );
      }
      return ids.length;
    });
  }

  /** The firm confirms its sheet as it stands; not while a figure is returned or when there is nothing to confirm. */
  async confirm(principal: Principal, input: ConfirmYearSheetInput): Promise<YearSheetModel> {
    const firmId = ownFirmId(principal, input.firmId);
    const firm = await readableFirm(this.unitOfWork.manager, principal, firmId);
    await this.unitOfWork.run(async (tx) => {
      await lockParkFigures(tx, firm.parkId);
      const [{ figures, returned }] = await tx.manager.query(
        `SELECT COUNT(*)::int AS figures, COUNT(*) FILTER (WHERE audit_state = 'RETURNED')::int AS returned
           FROM firm_annual_figures WHERE firm_id = $1 AND year = $2 AND superseded_at IS NULL`,
        [firmId, input.year],
      );
      if (figures === 0) throw conflict(`The ${input.year} sheet has no figures to confirm`, 'year');
      if (returned > 0) throw conflict(`${returned} figure(s) were returned: correct them before confirming`, 'year');
      await tx.manager.query(
        `INSERT INTO firm_year_sheets (firm_id, year, park_id, confirmed_at, confirmed_by) VALUES ($1, $2, $3, now(), $4)
         ON CONFLICT (firm_id, year) DO UPDATE SET confirmed_at = now(), confirmed_by = $4, updated_at = now()`,
        [firmId, input.year, firm.parkId, principal.userId],
      );
    });
    return this.sheet(principal, firmId, input.year);
  }

  /** The firms whose sheet for the year is confirmed, narrowed to the caller's reach only to keep the list short. */
  private async confirmedFirmIds(principal: Principal, year: number, parkId?: string | null): Promise<string[]> {
    const audience = readAudience(principal, Resource.FIRM);
    const [column, value] =
      audience.reach === 'FIRM'
        ? ['firm_id', audience.firmId]
        : ['park_id', audience.reach === 'PARK' ? audience.parkId : (parkId ?? null)];
    const rows: { firm_id: string }[] = await this.unitOfWork.manager.query(
      `SELECT firm_id FROM firm_year_sheets
        WHERE year = $1 AND confirmed_at IS NOT NULL AND ($2::uuid IS NULL OR ${column} = $2)`,
      [year, value],
    );
    return rows.map((row) => row.firm_id);
  }

  /** Sheets of many firms in two queries, whatever the page size. */
  private async sheetsOf(firms: FirmIdentity[], year: number): Promise<YearSheetModel[]> {
    if (!firms.length) return [];
    const ids = firms.map((firm) => firm.id);
    const manager = this.unitOfWork.manager;
    const [figures, sheets] = await Promise.all([
      manager
        .createQueryBuilder(AnnualFigureEntity, 'figure')
        .where('figure.firm_id IN (:...ids) AND figure.year = :year AND figure.superseded_at IS NULL', { ids, year })
        .getMany(),
      manager.find(YearSheetEntity, { where: { firmId: In(ids), year } }),
    ]);
    return firms.map((firm) => {
      const own = figures
        .filter((figure) => figure.firmId === firm.id)
        .sort((a, b) => ANNUAL_FIGURE_KINDS.indexOf(a.kind) - ANNUAL_FIGURE_KINDS.indexOf(b.kind));
      const sheet = sheets.find((candidate) => candidate.firmId === firm.id);
      return toModel(YearSheetModel, {
        firmId: firm.id,
        firmName: firm.name,
        uscc: firm.uscc,
        year,
        confirmed: Boolean(sheet?.confirmedAt),
        confirmedAt: sheet?.confirmedAt ?? null,
        figures: own.map(AnnualFigureModel.from),
        missingKinds: ANNUAL_FIGURE_KINDS.filter((kind) => !own.some((figure) => figure.kind === kind)),
        pendingCount: own.filter((figure) => figure.auditState === AuditState.PENDING).length,
        returnedCount: own.filter((figure) => figure.auditState === AuditState.RETURNED).length,
      });
    });
  }
}

/** The per-kind rules the input scalar cannot know: decimals and sign. */
export function assertFitsKind(kind: AnnualFigureKind, value: string, field: string): void {
  const definition = ANNUAL_FIGURES[kind];
  const number = new Decimal(value);
  if (number.decimalPlaces() > definition.scale) {
    throw badInput(field, `${kind} takes at most ${definition.scale} decimals`);
  }
  if (number.isNegative() && !number.isZero() && !definition.signed)
    throw badInput(field, `${kind} cannot be negative`);
}
