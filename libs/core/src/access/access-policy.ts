import { badInput, notFound } from '../errors';
import { Principal, Role } from '../auth/role';

/**
 * The one place that decides who may see and change what. Each resource has a rule per role; a lib turns the
 * caller's audience into its own SQL predicate (how its rows record their park, firms or buyer) or checks a loaded
 * row with `mayRead`/`mayManage`. A row out of reach answers exactly like a missing one.
 */
export enum Resource {
  /** A park's record and its cockpit. */
  PARK = 'PARK',
  /** A firm's record, land, scale, capacity and private figures (tax, revenue, energy, output). */
  FIRM = 'FIRM',
  /** An order, its stages, history and the offers of work it made. */
  ORDER = 'ORDER',
  /** A virtual group and its members. */
  GROUP = 'GROUP',
  /** An evaluation round: its scheme, readiness, objections and policies. */
  EVALUATION_ROUND = 'EVALUATION_ROUND',
  /** One firm's result in an evaluation round. */
  EVALUATION_RESULT = 'EVALUATION_RESULT',
  /**
   * Reference data a park may extend (the process catalogue, evaluation schemes): shared entries (released, no park)
   * and a park's own.
   */
  CATALOGUE = 'CATALOGUE',
}

/**
 * How a row reaches the caller:
 * - ALL: every row;
 * - PARK: rows of (or reaching) the caller's park;
 * - FIRM: rows of (or involving) the caller's firm;
 * - BUYER: rows of the caller's buyer organisation;
 * - RELEASED: rows released to every signed-in user (an active group);
 * - PARK_RELEASED / FIRM_RELEASED: the caller's park's / firm's rows, once released (a round on notice or published);
 * - PARK_OR_RELEASED: the caller's park's rows and every released row (a park's own catalogue entries and the shared
 *   ones);
 * - NONE: nothing.
 */
export type Reach =
  'ALL' | 'PARK' | 'FIRM' | 'BUYER' | 'RELEASED' | 'PARK_RELEASED' | 'FIRM_RELEASED' | 'PARK_OR_RELEASED' | 'NONE';

type Rules = Record<Resource, Record<Role, Reach>>;

/** Who may read what. */
export const READ_RULES: Rules = {
  [Resource.PARK]: { PLATFORM_ADMIN: 'ALL', PARK_ADMIN: 'PARK', SME_OWNER: 'NONE', BUYER: 'NONE' },
  [Resource.FIRM]: { PLATFORM_ADMIN: 'ALL', PARK_ADMIN: 'PARK', SME_OWNER: 'FIRM', BUYER: 'NONE' },
  [Resource.ORDER]: { PLATFORM_ADMIN: 'ALL', PARK_ADMIN: 'PARK', SME_OWNER: 'FIRM', BUYER: 'BUYER' },
  [Resource.GROUP]: { PLATFORM_ADMIN: 'ALL', PARK_ADMIN: 'PARK', SME_OWNER: 'FIRM', BUYER: 'RELEASED' },
  [Resource.EVALUATION_ROUND]: {
    PLATFORM_ADMIN: 'ALL',
    PARK_ADMIN: 'PARK',
    SME_OWNER: 'PARK_RELEASED',
    BUYER: 'NONE',
  },
  [Resource.EVALUATION_RESULT]: {
    PLATFORM_ADMIN: 'ALL',
    PARK_ADMIN: 'PARK',
    SME_OWNER: 'FIRM_RELEASED',
    BUYER: 'NONE',
  },
  [Resource.CATALOGUE]: {
    PLATFORM_ADMIN: 'ALL',
    PARK_ADMIN: 'PARK_OR_RELEASED',
    SME_OWNER: 'PARK_OR_RELEASED',
    BUYER: 'RELEASED',
  },
};

/**
 * Who may change what. A group is managed by its park and by the owner of its lead firm (the row's firms are then
 * the lead firm alone); a park's own decisions (approving groups, policies) are its administrators'; a round is
 * administered by its park's administrators only — platform administrators read rounds, they do not run them; the
 * shared catalogue is the platform administrators', a park's own entries its administrators'.
 */
export const MANAGE_RULES: Rules = {
  [Resource.PARK]: { PLATFORM_ADMIN: 'ALL', PARK_ADMIN: 'PARK', SME_OWNER: 'NONE', BUYER: 'NONE' },
  [Resource.FIRM]: { PLATFORM_ADMIN: 'ALL', PARK_ADMIN: 'PARK', SME_OWNER: 'FIRM', BUYER: 'NONE' },
  [Resource.ORDER]: { PLATFORM_ADMIN: 'ALL', PARK_ADMIN: 'NONE', SME_OWNER: 'NONE', BUYER: 'BUYER' },
  [Resource.GROUP]: { PLATFORM_ADMIN: 'ALL', PARK_ADMIN: 'PARK', SME_OWNER: 'FIRM', BUYER: 'NONE' },
  [Resource.EVALUATION_ROUND]: { PLATFORM_ADMIN: 'NONE', PARK_ADMIN: 'PARK', SME_OWNER: 'NONE', BUYER: 'NONE' },
  [Resource.EVALUATION_RESULT]: { PLATFORM_ADMIN: 'NONE', PARK_ADMIN: 'PARK', SME_OWNER: 'NONE', BUYER: 'NONE' },
  [Resource.CATALOGUE]: { PLATFORM_ADMIN: 'ALL', PARK_ADMIN: 'PARK', SME_OWNER: 'NONE', BUYER: 'NONE' },
};

/** The caller's reach, with the tenant id it is bounded by: what a lib turns into its SQL predicate. */
export type Audience =
  | { reach: 'ALL' }
  | { reach: 'NONE' }
  | { reach: 'RELEASED' }
  | { reach: 'PARK' | 'PARK_RELEASED' | 'PARK_OR_RELEASED'; parkId: string }
  | { reach: 'FIRM' | 'FIRM_RELEASED'; firmId: string }
  | { reach: 'BUYER'; buyerOrgId: string };

/** Where a row belongs, as far as access is concerned. */
export interface RowTenancy {
  /** The parks the row belongs to or reached (a firm's park; every park an order reached). */
  parkIds: readonly string[];
  /** The firms the row belongs to or involves (for managing a group: its lead firm). */
  firmIds?: readonly string[];
  /** The buyer organisation that owns the row. */
  buyerOrgId?: string | null;
  /** Released beyond its owners: an active group, a round on notice or published. */
  released?: boolean;
}

export function readAudience(principal: Principal, resource: Resource): Audience {
  return audienceFor(principal, READ_RULES[resource][principal.role]);
}

export function manageAudience(principal: Principal, resource: Resource): Audience {
  return audienceFor(principal, MANAGE_RULES[resource][principal.role]);
}

export function mayRead(principal: Principal, resource: Resource, row: RowTenancy): boolean {
  return reaches(readAudience(principal, resource), row);
}

export function mayManage(principal: Principal, resource: Resource, row: RowTenancy): boolean {
  return reaches(manageAudience(principal, resource), row);
}

/** Throws NOT_FOUND (never FORBIDDEN: a row out of reach is indistinguishable from a missing one). */
export function assertMayRead(principal: Principal, resource: Resource, row: RowTenancy | null, what: string): void {
  if (!row || !mayRead(principal, resource, row)) throw notFound(what);
}

export function assertMayManage(principal: Principal, resource: Resource, row: RowTenancy | null, what: string): void {
  if (!row || !mayManage(principal, resource, row)) throw notFound(what);
}

/**
 * The park a park-level operation works on: a park administrator's own (naming another answers as a missing park);
 * a platform administrator must name one; anyone else has none.
 */
export function administeredParkId(principal: Principal, parkId?: string | null): string {
  if (principal.role === Role.PARK_ADMIN && principal.parkId) {
    if (parkId && parkId !== principal.parkId) throw notFound('Park');
    return principal.parkId;
  }
  if (principal.role === Role.PLATFORM_ADMIN) {
    if (!parkId) throw badInput('parkId', 'A platform admin names the park');
    return parkId;
  }
  throw notFound('Park');
}

/**
 * Where a catalogue entry the caller adds belongs: shared by every park (null) when they manage the whole catalogue,
 * else their own park's; anyone else adds nothing.
 */
export function catalogueEntryParkId(principal: Principal): string | null {
  const audience = manageAudience(principal, Resource.CATALOGUE);
  if (audience.reach === 'ALL') return null;
  if (audience.reach === 'PARK') return audience.parkId;
  throw notFound('Park');
}

/** An owner acts for their own firm only; `firmId`, when given, must be it. */
export function ownFirmId(principal: Principal, firmId?: string | null): string {
  if (principal.role !== Role.SME_OWNER || !principal.firmId) throw notFound('Firm');
  if (firmId && firmId !== principal.firmId) throw notFound('Firm');
  return principal.firmId;
}

function audienceFor(principal: Principal, reach: Reach): Audience {
  switch (reach) {
    case 'ALL':
    case 'NONE':
    case 'RELEASED':
      return { reach };
    case 'PARK':
    case 'PARK_RELEASED':
    case 'PARK_OR_RELEASED':
      return principal.parkId ? { reach, parkId: principal.parkId } : { reach: 'NONE' };
    case 'FIRM':
    case 'FIRM_RELEASED':
      return principal.firmId ? { reach, firmId: principal.firmId } : { reach: 'NONE' };
    case 'BUYER':
      return principal.buyerOrgId ? { reach, buyerOrgId: principal.buyerOrgId } : { reach: 'NONE' };
  }
}

function reaches(audience: Audience, row: RowTenancy): boolean {
  switch (audience.reach) {
    case 'ALL':
      return true;
    case 'NONE':
      return false;
    case 'RELEASED':
      return row.released === true;
    case 'PARK':
      return row.parkIds.includes(audience.parkId);
    case 'PARK_RELEASED':
      return row.released === true && row.parkIds.includes(audience.parkId);
    case 'PARK_OR_RELEASED':
      return row.released === true || row.parkIds.includes(audience.parkId);
    case 'FIRM':
      return (row.firmIds ?? []).includes(audience.firmId);
    case 'FIRM_RELEASED':
      return row.released === true && (row.firmIds ?? []).includes(audience.firmId);
    case 'BUYER':
      return row.buyerOrgId === audience.buyerOrgId;
  }
}
