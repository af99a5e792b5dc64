import Decimal from 'decimal.js';
import { PolicyBasis, PolicyMeasure } from './class-policy.entity';

const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export interface LedgerPolicy {
  id: string;
  grade: string;
  measure: PolicyMeasure;
  basis: PolicyBasis;
  rate: string;
  minConsecutiveYears: number;
}

/** A graded firm of the round being published, with the figures the round used (engine names, as given). */
export interface LedgerFirm {
  firmId: string;
  grade: string;
  figures: Partial<Record<'electricityWankwh' | 'water' | 'taxPaid' | 'energyTce', string>>;
}

/** Classes of earlier years' published rounds (the latest version of each year): year → firm → class. */
export type PriorClasses = ReadonlyMap<number, ReadonlyMap<string, string>>;

export interface LedgerLine {
  firmId: string;
  policyId: string;
  grade: string;
  consecutiveYears: number;
  measure: PolicyMeasure;
  basis: PolicyBasis;
  basisQuantity: string | null;
  rate: string;
  amount: string;
  unit: string;
}

/** This year plus every directly preceding year in which the firm was published in the same class. */
export function consecutiveYears(firmId: string, grade: string, year: number, prior: PriorClasses): number {
  let years = 1;
  while (prior.get(year - years)?.get(firmId) === grade) years++;
  return years;
}

/**
 * For each measure, the policies of the class whose threshold is the highest one the firm's run of years reaches
 * (so "+0.4 from the third D year" replaces "+0.3", it does not add to it).
 */
export function applicablePolicies(policies: LedgerPolicy[], grade: string, years: number): LedgerPolicy[] {
  const eligible = policies.filter((policy) => policy.grade === grade && policy.minConsecutiveYears <= years);
  const highest = new Map<PolicyMeasure, number>();
  for (const policy of eligible) {
    highest.set(policy.measure, Math.max(highest.get(policy.measure) ?? 0, policy.minConsecutiveYears));
  }
  return eligible.filter((policy) => policy.minConsecutiveYears === highest.get(policy.measure));
}

/** The basis quantity in the unit the rate applies to; null when the firm has no such figure (or no positive one). */
function basisQuantity(basis: PolicyBasis, figures: LedgerFirm['figures']): Decimal | null {
  const figure = (text: string | undefined) => (text === undefined ? null : new Exact(text));
  const quantity =
    basis === PolicyBasis.ELECTRICITY_KWH
      ? figure(figures.electricityWankwh)?.times(10_000)
      : basis === PolicyBasis.WATER_T
        ? figure(figures.water)
        : basis === PolicyBasis.TAX_PAID_YUAN
          ? figure(figures.taxPaid)?.times(10_000)
          : figure(figures.energyTce);
  return quantity && quantity.gt(0) ? quantity : null;
}

/**
 * The ledger a published round produces: for every graded firm, each applicable measure with its basis and amount.
 * Money to the fen and quotas (tce) to 4 decimals, half up. A measure whose basis figure is missing is left out.
 */
export function ledgerLines(
  firms: LedgerFirm[],
  policies: LedgerPolicy[],
  year: number,
  prior: PriorClasses,
): LedgerLine[] {
  const lines: LedgerLine[] = [];
  for (const firm of firms) {
    const years = consecutiveYears(firm.firmId, firm.grade, year, prior);
    for (const policy of applicablePolicies(policies, firm.grade, years)) {
      const rate = new Exact(policy.rate);
      const quota = policy.measure === PolicyMeasure.ENERGY_QUOTA;
      let quantity: Decimal | null = null;
      if (policy.basis !== PolicyBasis.FIXED) {
        quantity = basisQuantity(policy.basis, firm.figures);
        if (quantity === null) continue;
      }
      const amount = quantity === null ? rate : rate.times(quantity);
      lines.push({
        firmId: firm.firmId,
        policyId: policy.id,
        grade: firm.grade,
        consecutiveYears: years,
        measure: policy.measure,
        basis: policy.basis,
        basisQuantity: quantity === null ? null : quantity.toFixed(),
        rate: rate.toFixed(),
        amount: amount.toFixed(quota ? 4 : 2, Decimal.ROUND_HALF_UP),
        unit: quota ? 'tce' : '元',
      });
    }
  }
  return lines;
}
