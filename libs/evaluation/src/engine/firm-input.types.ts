import type { InputFigureKey } from './figures';
import type { DecimalString, FirmScale } from './scheme.types';

/** A firm's figures for the year; an absent figure is missing data, not zero. */
export type FirmFigures = Partial<Record<InputFigureKey, DecimalString>>;

export interface OverrideClaim {
  ruleId: string;
  /** Where the event is documented (e.g. the accident report number). */
  evidence: string;
}

export interface ExemptionClaim {
  ruleId: string;
  evidence: string;
}

export interface FirmYearInput {
  firmId: string;
  scale: FirmScale;
  hasOwnLand: boolean;
  /** Needed only when the firm's population ranks within industry groups. */
  industryGroup?: string;
  figures: FirmFigures;
  /** Occurrences per scheme item id (whole numbers ≥ 0), e.g. { extraTenant: 2 }. */
  itemCounts?: Record<string, number>;
  overrides?: OverrideClaim[];
  exemption?: ExemptionClaim;
}
