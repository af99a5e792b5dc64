import { firmRegistryFacts } from '@vg/firms';
import { figureReadiness, FigureReadiness, sheetStatusesOfPark } from '@vg/output';
import { EntityManager } from 'typeorm';

/** Something about a round's population the park admin should know before computing it. */
export enum ReadinessIssue {
  /** The firm has figures but has not confirmed its sheet (一企一单). */
  UNCONFIRMED_SHEET = 'UNCONFIRMED_SHEET',
  /** A figure was returned to the firm and not corrected: it counts as missing. */
  RETURNED_FIGURES = 'RETURNED_FIGURES',
  /** A figure is still waiting for the park's review: it is used as it stands. */
  PENDING_FIGURES = 'PENDING_FIGURES',
  /** No scale (规上/规下) is recorded for the year. */
  WITHOUT_SCALE = 'WITHOUT_SCALE',
  /** No land plot is recorded: populations with a land threshold leave the firm out. */
  WITHOUT_LAND = 'WITHOUT_LAND',
  /** A plot's certificate is recorded for another firm too (holder and tenants, or the same land twice). */
  SHARED_PLOT = 'SHARED_PLOT',
}

/** The arguments of computeEvaluationRound that let a blocking finding through. */
export interface ComputeOverrides {
  allowUnconfirmedSheets: boolean;
  treatUnlistedAsBelowScale: boolean;
}

export interface ReadinessFinding {
  code: string;
  /** Refuses the computation unless `override` is given; a warning never does. */
  blocking: boolean;
  override: keyof ComputeOverrides | null;
  firms: number;
  message: string;
}

export interface ReadinessFirm {
  firmId: string;
  uscc: string;
  name: string;
  /** What exactly, when there is more to say (the shared certificates, the number of figures). */
  detail: string | null;
}

export interface Readiness extends FigureReadiness {
  findings: ReadinessFinding[];
  /** Firms per issue, by USCC. */
  firms: Record<ReadinessIssue, ReadinessFirm[]>;
}

/**
 * The stated rule (README, "Readiness"): a round computes over the park's firms with figures for the year;
 * - refused unless allowUnconfirmedSheets: sheets not confirmed, figures returned and not corrected;
 * - refused unless treatUnlistedAsBelowScale: firms without a scale for the year (they would be graded 规下);
 * - warned, computed as they stand: figures pending review, firms without land (left out by land thresholds, with
 *   the reason in their result), certificates recorded for more than one firm (each counts the area recorded for it).
 * The warnings and the overrides used are kept with the round's summary.
 */
export async function assessReadiness(manager: EntityManager, parkId: string, year: number): Promise<Readiness> {
  // One after the other: inside a transaction they share one connection, which runs one statement at a time.
  const counts = await figureReadiness(manager, parkId, year);
  const sheets = await sheetStatusesOfPark(manager, parkId, year);
  const facts = await firmRegistryFacts(manager, parkId, year);
  const sheetOf = new Map(sheets.map((sheet) => [sheet.firmId, sheet]));
  const firms: Record<ReadinessIssue, ReadinessFirm[]> = {
    UNCONFIRMED_SHEET: [],
    RETURNED_FIGURES: [],
    PENDING_FIGURES: [],
    WITHOUT_SCALE: [],
    WITHOUT_LAND: [],
    SHARED_PLOT: [],
  };
  // Facts come by USCC, so every list is in USCC order.
  for (const fact of facts) {
    const sheet = sheetOf.get(fact.firmId);
    if (!sheet) continue;
    const firm = (detail: string | null = null): ReadinessFirm => ({
      firmId: fact.firmId,
      uscc: fact.uscc,
      name: fact.name,
      detail,
    });
    if (!sheet.confirmed) firms.UNCONFIRMED_SHEET.push(firm());
    if (sheet.returnedFigures > 0) firms.RETURNED_FIGURES.push(firm(`${sheet.returnedFigures} figure(s)`));
    if (sheet.pendingFigures > 0) firms.PENDING_FIGURES.push(firm(`${sheet.pendingFigures} figure(s)`));
    if (fact.scale === null) firms.WITHOUT_SCALE.push(firm());
    if (fact.landMu === null) firms.WITHOUT_LAND.push(firm());
    if (fact.sharedCertificates.length) firms.SHARED_PLOT.push(firm(fact.sharedCertificates.join(', ')));
  }
  const findings: ReadinessFinding[] = [];
  if (counts.unconfirmedSheets > 0 || counts.returnedFigures > 0) {
    findings.push({
      code: 'UNCONFIRMED_SHEETS',
      blocking: true,
      override: 'allowUnconfirmedSheets',
      firms: new Set([...firms.UNCONFIRMED_SHEET, ...firms.RETURNED_FIGURES].map((firm) => firm.firmId)).size,
      message:
        `${counts.unconfirmedSheets} sheet(s) unconfirmed and ${counts.returnedFigures} figure(s) returned: ` +
        'wait for the firms, or compute with allowUnconfirmedSheets (returned figures count as missing)',
    });
  }
  if (firms.WITHOUT_SCALE.length) {
    findings.push({
      code: ReadinessIssue.WITHOUT_SCALE,
      blocking: true,
      override: 'treatUnlistedAsBelowScale',
      firms: firms.WITHOUT_SCALE.length,
      message:
        `${firms.WITHOUT_SCALE.length} firm(s) have no scale for ${year}: import the statistics bureau's list of ` +
        '规上 firms, or compute with treatUnlistedAsBelowScale (they are then graded 规下)',
    });
  }
  if (firms.PENDING_FIGURES.length) {
    findings.push(
      warning(
        ReadinessIssue.PENDING_FIGURES,
        firms.PENDING_FIGURES.length,
        `${counts.pendingFigures} figure(s) of ${firms.PENDING_FIGURES.length} firm(s) still wait for review: ` +
          'they are used as they stand',
      ),
    );
  }
  if (firms.WITHOUT_LAND.length) {
    findings.push(
      warning(
        ReadinessIssue.WITHOUT_LAND,
        firms.WITHOUT_LAND.length,
        `${firms.WITHOUT_LAND.length} firm(s) have no land recorded: populations with a land threshold leave them ` +
          'out (their result says why)',
      ),
    );
  }
  if (firms.SHARED_PLOT.length) {
    findings.push(
      warning(
        ReadinessIssue.SHARED_PLOT,
        firms.SHARED_PLOT.length,
        `${firms.SHARED_PLOT.length} firm(s) have plots whose certificate is recorded for another firm too: each ` +
          'counts the area recorded for it; check that no land is counted twice',
      ),
    );
  }
  return { ...counts, findings, firms };
}

function warning(code: ReadinessIssue, firms: number, message: string): ReadinessFinding {
  return { code, blocking: false, override: null, firms, message };
}

/** The findings that refuse the computation with these overrides. */
export function refusals(readiness: Readiness, overrides: ComputeOverrides): ReadinessFinding[] {
  return readiness.findings.filter((finding) => finding.blocking && !(finding.override && overrides[finding.override]));
}
