import { usccProblem } from '@vg/core';
import Decimal from 'decimal.js';
import { FirmScale } from '../firm-scale.entity';
import { MU_PER_SQUARE_METRE } from '../land-area';
import { normaliseCertificateNo } from '../land-plots.service';
import { LandTenure } from '../land-plot.entity';
import { defaultIndustryGroup } from './industry-divisions';
import { RegistryKind } from './registry-layouts';
import {
  parseAreaUnit,
  parseCount,
  parseDegrees,
  parseEmail,
  Parsed,
  parseIndustryCode,
  parsePhone,
  parsePositiveDecimal,
  parseRegistryDate,
  parseScale,
  parseTenure,
  parseYear,
  splitList,
} from './registry-values';

/** One data row: its line in the file and its cells by column key (null when blank or the column is absent). */
export interface RegistryRow {
  line: number;
  values: Record<string, string | null>;
}

export type RegistryProblemCode =
  'BAD_KEY' | 'BAD_VALUE' | 'MISSING_VALUE' | 'DUPLICATE_ROW' | 'UNKNOWN_USCC' | 'WRONG_PARK';

/** A row-by-row finding: the line (header = 1), the column key, what is wrong. */
export interface RegistryProblem {
  row: number;
  column: string | null;
  code: RegistryProblemCode;
  message: string;
}

/** A registered firm, as the import matches rows to it. */
export interface KnownFirm {
  id: string;
  parkId: string;
  name: string;
}

export interface FirmRecord {
  line: number;
  uscc: string;
  name: string;
  industryCode: string;
  /** As given; null to keep a registered firm's (a new firm gets `defaultGroup`). */
  industryGroup: string | null;
  defaultGroup: string;
  address: string | null;
  legalRepresentative: string | null;
  registeredOn: string | null;
  latitude: string | null;
  longitude: string | null;
  employees: number | null;
  ownerEmail: string | null;
  ownerPhone: string | null;
}

export interface PlotRecord {
  line: number;
  firmId: string;
  certificateNo: string;
  areaM2: string | null;
  areaMu: string | null;
  tenure: LandTenure;
  lessor: string | null;
  landUse: string | null;
  tenants: string[];
}

export interface ScaleRecord {
  line: number;
  firmId: string;
  year: number;
  scale: FirmScale;
}

export type RegistryRecords =
  | { kind: RegistryKind.FIRMS; records: FirmRecord[] }
  | { kind: RegistryKind.LAND; records: PlotRecord[] }
  | { kind: RegistryKind.SCALE; records: ScaleRecord[]; completeList: boolean };

/** Collects one row's problems; `take` reads a cell with a parser and records what is wrong with it. */
class RowCheck {
  readonly problems: RegistryProblem[] = [];

  constructor(private readonly row: RegistryRow) {}

  fail(column: string | null, code: RegistryProblemCode, message: string): void {
    this.problems.push({ row: this.row.line, column, code, message });
  }

  text(key: string, max: number, required = false): string | null {
    const value = this.row.values[key]?.trim() || null;
    if (value === null) {
      if (required) this.fail(key, 'MISSING_VALUE', `${key} is empty`);
      return null;
    }
    if (value.length > max) this.fail(key, 'BAD_VALUE', `${key} is longer than ${max} characters`);
    return value;
  }

  take<T>(key: string, parse: (text: string) => Parsed<T>, required = false): T | null {
    const text = this.row.values[key];
    if (text === null || text === undefined || text.trim() === '') {
      if (required) this.fail(key, 'MISSING_VALUE', `${key} is empty`);
      return null;
    }
    const parsed = parse(text);
    if ('problem' in parsed) {
      this.fail(key, 'BAD_VALUE', `${key} ${parsed.problem}`);
      return null;
    }
    return parsed.value;
  }

  /** The row's firm: the USCC must be valid and (unless `mayBeNew`) registered in this park. */
  firm(
    known: ReadonlyMap<string, KnownFirm>,
    parkId: string,
    mayBeNew: boolean,
  ): { uscc: string; firm?: KnownFirm } | null {
    const uscc = (this.row.values.uscc ?? '').trim().toUpperCase();
    if (uscc === '') {
      this.fail('uscc', 'BAD_KEY', 'The USCC is empty');
      return null;
    }
    const problem = usccProblem(uscc);
    if (problem) {
      this.fail('uscc', 'BAD_KEY', problem);
      return null;
    }
    const firm = known.get(uscc);
    if (firm && firm.parkId !== parkId) {
      this.fail('uscc', 'WRONG_PARK', `The firm with USCC ${uscc} is registered in another park`);
      return null;
    }
    if (!firm && !mayBeNew) {
      this.fail('uscc', 'UNKNOWN_USCC', `No firm of this park has USCC ${uscc}: import the firm registry first`);
      return null;
    }
    return { uscc, firm };
  }
}

export interface ValidationOutcome {
  records: RegistryRecords;
  problems: RegistryProblem[];
}

/**
 * Checks every row and reports every problem (not only the first), so one corrected file goes through; only a file
 * without problems is written.
 */
export function validateRegistryRows(
  kind: RegistryKind,
  rows: readonly RegistryRow[],
  known: ReadonlyMap<string, KnownFirm>,
  parkId: string,
  presentColumns: ReadonlySet<string>,
): ValidationOutcome {
  switch (kind) {
    case RegistryKind.FIRMS: {
      const { records, problems } = collect(rows, (row, check, seen) => firmRecord(row, check, seen, known, parkId));
      return { records: { kind, records }, problems };
    }
    case RegistryKind.LAND: {
      const { records, problems } = collect(rows, (row, check, seen) => plotRecord(row, check, seen, known, parkId));
      return { records: { kind, records }, problems };
    }
    case RegistryKind.SCALE: {
      const { records, problems } = collect(rows, (row, check, seen) => scaleRecord(row, check, seen, known, parkId));
      return { records: { kind, records, completeList: !presentColumns.has('scale') }, problems };
    }
  }
}

function collect<R>(
  rows: readonly RegistryRow[],
  read: (row: RegistryRow, check: RowCheck, seen: Map<string, number>) => R | null,
): { records: R[]; problems: RegistryProblem[] } {
  const records: R[] = [];
  const problems: RegistryProblem[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const check = new RowCheck(row);
    const record = read(row, check, seen);
    if (check.problems.length) problems.push(...check.problems);
    else if (record) records.push(record);
  }
  return { records, problems };
}

function duplicate(check: RowCheck, seen: Map<string, number>, key: string, line: number, what: string): boolean {
  const earlier = seen.get(key);
  if (earlier !== undefined) {
    check.fail(null, 'DUPLICATE_ROW', `Same ${what} as line ${earlier}`);
    return true;
  }
  seen.set(key, line);
  return false;
}

function firmRecord(
  row: RegistryRow,
  check: RowCheck,
  seen: Map<string, number>,
  known: ReadonlyMap<string, KnownFirm>,
  parkId: string,
): FirmRecord | null {
  const identity = check.firm(known, parkId, true);
  const name = check.text('name', 200, true);
  const industryCode = check.take('industryCode', parseIndustryCode, true);
  const latitude = check.take('latitude', (text) => parseDegrees(text, 90));
  const longitude = check.take('longitude', (text) => parseDegrees(text, 180));
  if (((row.values.latitude?.trim() || null) === null) !== ((row.values.longitude?.trim() || null) === null)) {
    check.fail(
      row.values.latitude?.trim() ? 'longitude' : 'latitude',
      'MISSING_VALUE',
      'A location needs both latitude and longitude',
    );
  }
  const record = {
    industryGroup: check.text('industryGroup', 50),
    address: check.text('address', 300),
    legalRepresentative: check.text('legalRepresentative', 100),
    registeredOn: check.take('registeredOn', parseRegistryDate),
    employees: check.take('employees', (text) => parseCount(text, 1_000_000)),
    ownerEmail: check.take('ownerEmail', parseEmail),
    ownerPhone: check.take('ownerPhone', parsePhone),
  };
  if (identity && duplicate(check, seen, identity.uscc, row.line, 'USCC')) return null;
  if (!identity || !name || !industryCode) return null;
  return {
    line: row.line,
    uscc: identity.uscc,
    name,
    industryCode,
    defaultGroup: defaultIndustryGroup(industryCode),
    latitude,
    longitude,
    ...record,
  };
}

const MAX_MU = '150000';
const MAX_M2 = '100000000';

function plotRecord(
  row: RegistryRow,
  check: RowCheck,
  seen: Map<string, number>,
  known: ReadonlyMap<string, KnownFirm>,
  parkId: string,
): PlotRecord | null {
  const identity = check.firm(known, parkId, false);
  const certificateText = check.text('certificateNo', 100, true);
  const certificateNo = certificateText === null ? null : normaliseCertificateNo(certificateText);
  const area = plotArea(row, check);
  const tenureGiven = check.take('tenure', parseTenure);
  const holder = check.text('holder', 200);
  const landUse = check.text('landUse', 50);
  const tenantsText = check.text('tenants', 2000);
  const tenants = tenantsText ? splitList(tenantsText) : [];
  if (tenants.some((tenant) => tenant.length > 200))
    check.fail('tenants', 'BAD_VALUE', 'A tenant’s name is longer than 200 characters');
  if (tenants.length > 50) check.fail('tenants', 'BAD_VALUE', 'At most 50 tenants per plot');
  if (
    identity &&
    certificateNo &&
    duplicate(check, seen, `${certificateNo}|${identity.uscc}`, row.line, 'certificate and firm')
  ) {
    return null;
  }
  if (!identity?.firm || !certificateNo || !area) return null;
  const firm = identity.firm;
  const leasedFromHolder = holder !== null && holder !== firm.name;
  const tenure = tenureGiven ?? (leasedFromHolder ? LandTenure.LEASED : LandTenure.OWNED);
  if (tenure === LandTenure.LEASED && !holder) {
    check.fail('holder', 'MISSING_VALUE', 'A leased plot needs its holder (权利人), the lessor');
    return null;
  }
  return {
    line: row.line,
    firmId: firm.id,
    certificateNo,
    ...area,
    tenure,
    lessor: tenure === LandTenure.LEASED ? holder : null,
    landUse,
    tenants,
  };
}

/**
 * The area in exactly one unit, as tabled. Mu and m² both given must agree (m² × 0.0015 rounds to the mu given);
 * the mu is kept then, being the bureau's own figure.
 */
function plotArea(row: RegistryRow, check: RowCheck): { areaM2: string | null; areaMu: string | null } | null {
  let mu = check.take('areaMu', (text) => parsePositiveDecimal(text, 4, MAX_MU));
  let m2 = check.take('areaM2', (text) => parsePositiveDecimal(text, 2, MAX_M2));
  const generic = row.values.area?.trim() ? row.values.area : null;
  if (generic !== null) {
    const unit = check.take('unit', parseAreaUnit, true);
    if (unit === 'MU') mu ??= check.take('area', (text) => parsePositiveDecimal(text, 4, MAX_MU));
    if (unit === 'M2') m2 ??= check.take('area', (text) => parsePositiveDecimal(text, 2, MAX_M2));
  }
  if (check.problems.length) return null;
  if (mu === null && m2 === null) {
    check.fail('areaMu', 'MISSING_VALUE', 'The row gives no area (in mu, in m², or with its unit)');
    return null;
  }
  if (mu !== null && m2 !== null) {
    const given = new Decimal(mu);
    const derived = new Decimal(m2)
      .times(MU_PER_SQUARE_METRE)
      .toDecimalPlaces(given.decimalPlaces(), Decimal.ROUND_HALF_UP);
    if (!derived.eq(given)) {
      check.fail('areaM2', 'BAD_VALUE', 'The area in m² and the area in mu disagree');
      return null;
    }
    return { areaM2: null, areaMu: mu };
  }
  return { areaM2: m2, areaMu: mu };
}

function scaleRecord(
  row: RegistryRow,
  check: RowCheck,
  seen: Map<string, number>,
  known: ReadonlyMap<string, KnownFirm>,
  parkId: string,
): ScaleRecord | null {
  const identity = check.firm(known, parkId, false);
  const year = check.take('year', parseYear, true);
  const given = check.take('scale', parseScale);
  if (identity && year !== null && duplicate(check, seen, `${identity.uscc}|${year}`, row.line, 'USCC and year')) {
    return null;
  }
  if (!identity?.firm || year === null) return null;
  return { line: row.line, firmId: identity.firm.id, year, scale: given ?? FirmScale.ABOVE };
}
