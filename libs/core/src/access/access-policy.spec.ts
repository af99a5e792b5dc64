import { Principal, Role } from '../auth/role';
import {
  administeredParkId,
  assertMayRead,
  catalogueEntryParkId,
  mayManage,
  mayRead,
  ownFirmId,
  readAudience,
  Resource,
  RowTenancy,
} from './access-policy';

const PARK_A = 'park-a';
const PARK_B = 'park-b';

const callers: Record<string, Principal> = {
  platformAdmin: { userId: 'u0', role: Role.PLATFORM_ADMIN, parkId: null, firmId: null, buyerOrgId: null },
  adminOfA: { userId: 'u1', role: Role.PARK_ADMIN, parkId: PARK_A, firmId: null, buyerOrgId: null },
  adminOfB: { userId: 'u2', role: Role.PARK_ADMIN, parkId: PARK_B, firmId: null, buyerOrgId: null },
  ownerOfA1: { userId: 'u3', role: Role.SME_OWNER, parkId: PARK_A, firmId: 'firm-a1', buyerOrgId: null },
  ownerOfA2: { userId: 'u4', role: Role.SME_OWNER, parkId: PARK_A, firmId: 'firm-a2', buyerOrgId: null },
  buyerX: { userId: 'u5', role: Role.BUYER, parkId: null, firmId: null, buyerOrgId: 'org-x' },
  buyerY: { userId: 'u6', role: Role.BUYER, parkId: null, firmId: null, buyerOrgId: 'org-y' },
};
type Caller = keyof typeof callers;
const everyone = Object.keys(callers) as Caller[];

const firmA1: RowTenancy = { parkIds: [PARK_A], firmIds: ['firm-a1'] };
const orderOfXAtA1: RowTenancy = { parkIds: [PARK_A], firmIds: ['firm-a1'], buyerOrgId: 'org-x' };
const orderOfXUnplaced: RowTenancy = { parkIds: [], firmIds: [], buyerOrgId: 'org-x' };
const activeGroupLedByA1: RowTenancy = { parkIds: [PARK_A], firmIds: ['firm-a1', 'firm-a3'], released: true };
const proposedGroupLedByA1: RowTenancy = { parkIds: [PARK_A], firmIds: ['firm-a1'], released: false };
const draftRoundOfA: RowTenancy = { parkIds: [PARK_A], released: false };
const publishedRoundOfA: RowTenancy = { parkIds: [PARK_A], released: true };
const draftResultOfA1: RowTenancy = { parkIds: [PARK_A], firmIds: ['firm-a1'], released: false };
const publishedResultOfA1: RowTenancy = { parkIds: [PARK_A], firmIds: ['firm-a1'], released: true };
const sharedCatalogueEntry: RowTenancy = { parkIds: [], released: true };
const catalogueEntryOfA: RowTenancy = { parkIds: [PARK_A] };

/** For each resource and row: exactly the callers who may read it; everybody else may not. */
const readCases: { situation: string; resource: Resource; row: RowTenancy; readers: Caller[] }[] = [
  {
    situation: 'park A itself',
    resource: Resource.PARK,
    row: { parkIds: [PARK_A] },
    readers: ['platformAdmin', 'adminOfA'],
  },
  {
    situation: 'a firm of park A (private figures)',
    resource: Resource.FIRM,
    row: firmA1,
    readers: ['platformAdmin', 'adminOfA', 'ownerOfA1'],
  },
  {
    situation: "buyer X's order placed at firm A1",
    resource: Resource.ORDER,
    row: orderOfXAtA1,
    readers: ['platformAdmin', 'adminOfA', 'ownerOfA1', 'buyerX'],
  },
  {
    situation: "buyer X's order not yet placed anywhere",
    resource: Resource.ORDER,
    row: orderOfXUnplaced,
    readers: ['platformAdmin', 'buyerX'],
  },
  {
    situation: 'an active group of park A',
    resource: Resource.GROUP,
    row: activeGroupLedByA1,
    readers: ['platformAdmin', 'adminOfA', 'ownerOfA1', 'buyerX', 'buyerY'],
  },
  {
    situation: 'a proposed group of park A',
    resource: Resource.GROUP,
    row: proposedGroupLedByA1,
    readers: ['platformAdmin', 'adminOfA', 'ownerOfA1'],
  },
  {
    situation: 'a draft round of park A',
    resource: Resource.EVALUATION_ROUND,
    row: draftRoundOfA,
    readers: ['platformAdmin', 'adminOfA'],
  },
  {
    situation: 'a published round of park A',
    resource: Resource.EVALUATION_ROUND,
    row: publishedRoundOfA,
    readers: ['platformAdmin', 'adminOfA', 'ownerOfA1', 'ownerOfA2'],
  },
  {
    situation: "firm A1's result in a draft round",
    resource: Resource.EVALUATION_RESULT,
    row: draftResultOfA1,
    readers: ['platformAdmin', 'adminOfA'],
  },
  {
    situation: "firm A1's result in a published round",
    resource: Resource.EVALUATION_RESULT,
    row: publishedResultOfA1,
    readers: ['platformAdmin', 'adminOfA', 'ownerOfA1'],
  },
  {
    situation: 'a shared catalogue entry',
    resource: Resource.CATALOGUE,
    row: sharedCatalogueEntry,
    readers: everyone,
  },
  {
    situation: "park A's own catalogue entry",
    resource: Resource.CATALOGUE,
    row: catalogueEntryOfA,
    readers: ['platformAdmin', 'adminOfA', 'ownerOfA1', 'ownerOfA2'],
  },
];

/** For each resource and row: exactly the callers who may change it. */
const manageCases: { situation: string; resource: Resource; row: RowTenancy; managers: Caller[] }[] = [
  {
    situation: "park A's own decisions",
    resource: Resource.PARK,
    row: { parkIds: [PARK_A] },
    managers: ['platformAdmin', 'adminOfA'],
  },
  {
    situation: 'a firm of park A',
    resource: Resource.FIRM,
    row: firmA1,
    managers: ['platformAdmin', 'adminOfA', 'ownerOfA1'],
  },
  { situation: "buyer X's order", resource: Resource.ORDER, row: orderOfXAtA1, managers: ['platformAdmin', 'buyerX'] },
  {
    situation: 'a group led by firm A1',
    resource: Resource.GROUP,
    row: { parkIds: [PARK_A], firmIds: ['firm-a1'] },
    managers: ['platformAdmin', 'adminOfA', 'ownerOfA1'],
  },
  { situation: 'a round of park A', resource: Resource.EVALUATION_ROUND, row: draftRoundOfA, managers: ['adminOfA'] },
  {
    situation: 'a shared catalogue entry',
    resource: Resource.CATALOGUE,
    row: sharedCatalogueEntry,
    managers: ['platformAdmin'],
  },
  {
    situation: "park A's own catalogue entry",
    resource: Resource.CATALOGUE,
    row: catalogueEntryOfA,
    managers: ['platformAdmin', 'adminOfA'],
  },
];

describe('access policy', () => {
  describe.each(readCases)('reading $situation', ({ resource, row, readers }) => {
    it.each(everyone)('%s', (caller) => {
      expect(mayRead(callers[caller], resource, row)).toBe(readers.includes(caller));
    });
  });

  describe.each(manageCases)('changing $situation', ({ resource, row, managers }) => {
    it.each(everyone)('%s', (caller) => {
      expect(mayManage(callers[caller], resource, row)).toBe(managers.includes(caller));
    });
  });

  it('gives each role of every resource a rule (a new resource or role cannot be forgotten)', () => {
    for (const resource of Object.values(Resource)) {
      for (const role of Object.values(Role)) {
        expect({ resource, role, reach: readAudience({ ...callers.platformAdmin, role }, resource).reach }).toEqual(
          expect.objectContaining({ reach: expect.any(String) }),
        );
      }
    }
  });

  it('narrows the audience to the caller’s own tenant id, and to nothing when the token lacks it', () => {
    expect(readAudience(callers.adminOfB, Resource.FIRM)).toEqual({ reach: 'PARK', parkId: PARK_B });
    expect(readAudience(callers.ownerOfA2, Resource.ORDER)).toEqual({ reach: 'FIRM', firmId: 'firm-a2' });
    expect(readAudience(callers.buyerY, Resource.ORDER)).toEqual({ reach: 'BUYER', buyerOrgId: 'org-y' });
    expect(readAudience({ ...callers.adminOfA, parkId: null }, Resource.FIRM)).toEqual({ reach: 'NONE' });
  });

  it('answers a row out of reach exactly like a missing one', () => {
    expect(() => assertMayRead(callers.adminOfB, Resource.FIRM, firmA1, 'Firm')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(() => assertMayRead(callers.adminOfB, Resource.FIRM, null, 'Firm')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    expect(() => assertMayRead(callers.adminOfA, Resource.FIRM, firmA1, 'Firm')).not.toThrow();
  });

  describe('the park a park-level operation works on', () => {
    it.each([
      { caller: 'adminOfA' as Caller, named: undefined, expected: PARK_A },
      { caller: 'adminOfA' as Caller, named: PARK_A, expected: PARK_A },
      { caller: 'platformAdmin' as Caller, named: PARK_B, expected: PARK_B },
    ])('$caller naming $named works on $expected', ({ caller, named, expected }) => {
      expect(administeredParkId(callers[caller], named)).toBe(expected);
    });

    it.each([
      { caller: 'adminOfA' as Caller, named: PARK_B, code: 'NOT_FOUND' },
      { caller: 'platformAdmin' as Caller, named: undefined, code: 'BAD_USER_INPUT' },
      { caller: 'ownerOfA1' as Caller, named: PARK_A, code: 'NOT_FOUND' },
      { caller: 'buyerX' as Caller, named: undefined, code: 'NOT_FOUND' },
    ])('$caller naming $named is refused with $code', ({ caller, named, code }) => {
      expect(() => administeredParkId(callers[caller], named)).toThrow(expect.objectContaining({ code }));
    });
  });

  describe('where a catalogue entry the caller adds belongs', () => {
    it.each([
      { caller: 'platformAdmin' as Caller, expected: null },
      { caller: 'adminOfA' as Caller, expected: PARK_A },
    ])('$caller adds to $expected (null: shared)', ({ caller, expected }) => {
      expect(catalogueEntryParkId(callers[caller])).toBe(expected);
    });

    it.each(['ownerOfA1', 'buyerX'] as Caller[])('%s adds nothing', (caller) => {
      expect(() => catalogueEntryParkId(callers[caller])).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    });
  });

  describe('the firm an owner acts for', () => {
    it('is their own, named or not', () => {
      expect(ownFirmId(callers.ownerOfA1)).toBe('firm-a1');
      expect(ownFirmId(callers.ownerOfA1, 'firm-a1')).toBe('firm-a1');
    });

    it.each([
      { caller: 'ownerOfA1' as Caller, named: 'firm-a2' },
      { caller: 'adminOfA' as Caller, named: 'firm-a1' },
      { caller: 'buyerX' as Caller, named: undefined },
    ])('$caller naming $named is refused as a missing firm', ({ caller, named }) => {
      expect(() => ownFirmId(callers[caller], named)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    });
  });
});
