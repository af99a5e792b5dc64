import { ListingToLoad } from '@vg/capacity';
import { addDays } from '@vg/core';
import { DemoCluster, DemoFirm } from './demo-cluster';
import { demoId, DEMO_USERS } from './demo-cluster-loader';

/** A firm that takes part in the demo's platform history, and the owner account it does so with. */
export interface DemoCastFirm {
  firmId: string;
  parkId: string;
  processCode: string;
  ownerEmail: string;
  ownerName: string;
}

/** Who plays the demo's year of platform history, on which route, under which policies and rounds. */
export interface DemoCast {
  parkId: string;
  route: { processCode: string; leadDays: number; maxUnitPrice: string }[];
  /** The firms matching may offer work to: the cast's own, and every firm the cluster lists a route process for. */
  firms: DemoCastFirm[];
  /** A year of spare capacity for the cast's own firms, so past orders find them (and only them). */
  listings: ListingToLoad[];
  groups: { name: string; productLine: string; members: { firmId: string; processCode: string }[] }[];
  policies: {
    grade: string;
    measure: string;
    basis: string;
    rate: string;
    minConsecutiveYears: number;
    description: string;
  }[];
  roundYears: number[];
}

const ROUTE = [
  { processCode: 'CUTTING', leadDays: 1, maxUnitPrice: '3.00' },
  { processCode: 'SEWING', leadDays: 0, maxUnitPrice: '25.00' },
];
/** Firms per route stage in the cast, with the units a day and the price (yuan) each lists. */
const CAST_SIZE: Record<string, { firms: number; unitsPerDay: number; prices: string[] }> = {
  CUTTING: { firms: 2, unitsPerDay: 2_500, prices: ['2.20', '2.40'] },
  SEWING: { firms: 4, unitsPerDay: 1_200, prices: ['18.00', '18.50', '19.00', '19.50'] },
};

const POLICIES: DemoCast['policies'] = [
  {
    grade: 'D',
    measure: 'ELECTRICITY_SURCHARGE',
    basis: 'ELECTRICITY_KWH',
    rate: '0.3',
    minConsecutiveYears: 1,
    description: 'D 类企业用电加价 0.3 元/千瓦时',
  },
  {
    grade: 'C',
    measure: 'WATER_SURCHARGE',
    basis: 'WATER_T',
    rate: '1.5',
    minConsecutiveYears: 1,
    description: 'C 类企业用水加价 1.5 元/吨',
  },
  {
    grade: 'A',
    measure: 'SUBSIDY',
    basis: 'FIXED',
    rate: '50000',
    minConsecutiveYears: 1,
    description: 'A 类企业奖励 5 万元',
  },
];

const ownerEmail = (firm: DemoFirm) => `owner-${firm.uscc.toLowerCase()}@demo.vg`;

/**
 * The cast of the demo's history, chosen from the cluster by key order (the same seed gives the same cast): in the
 * first park, for each route stage, the first firms that do the process (not the demo owner's own firm, which keeps
 * its account), each listing a year of capacity up to the end of the cluster's horizon; they form two virtual groups.
 * Owners are also made for every other firm the cluster lists a route process for, since matching may choose them.
 * Null when the cluster is too small to cast (a handful of firms, as some tests start it): it then has no history.
 */
export function demoCast(cluster: DemoCluster, today: string, excludedFirmKey: string): DemoCast | null {
  const firstPark = cluster.parks[0];
  const parkId = demoId('park', firstPark.key);
  const castFirms: DemoCastFirm[] = [];
  const listings: ListingToLoad[] = [];
  const taken = new Set<string>();
  for (const stage of ROUTE) {
    const size = CAST_SIZE[stage.processCode];
    const chosen = cluster.firms
      .filter((firm) => firm.parkKey === firstPark.key && firm.key !== excludedFirmKey && !taken.has(firm.key))
      .filter((firm) => (firm.processes as string[]).includes(stage.processCode))
      .slice(0, size.firms);
    if (chosen.length < size.firms) return null;
    for (const [index, firm] of chosen.entries()) {
      taken.add(firm.key);
      castFirms.push(castFirm(firm, parkId, stage.processCode));
      listings.push({
        id: demoId('history-listing', `${firm.key}:${stage.processCode}`),
        parkId,
        firmId: demoId('firm', firm.key),
        processCode: stage.processCode,
        unitsPerDay: size.unitsPerDay,
        startDate: addDays(today, -370),
        endDate: cluster.settings.capacityEnd,
        unitPrice: size.prices[index],
        minOrderQuantity: 1,
        notes: '平台长期合作产能',
      });
    }
  }
  const routeProcesses = new Set(ROUTE.map((stage) => stage.processCode));
  const firmByKey = new Map(cluster.firms.map((firm) => [firm.key, firm]));
  const others = new Map<string, DemoCastFirm>();
  for (const listing of cluster.capacityListings) {
    if (!routeProcesses.has(listing.processCode) || taken.has(listing.firmKey) || others.has(listing.firmKey)) continue;
    const firm = firmByKey.get(listing.firmKey)!;
    const cast = castFirm(firm, demoId('park', firm.parkKey), listing.processCode);
    others.set(firm.key, firm.key === excludedFirmKey ? { ...cast, ownerEmail: DEMO_USERS.smeOwner } : cast);
  }
  const byProcess = (code: string) => castFirms.filter((firm) => firm.processCode === code);
  const [cutterA, cutterB] = byProcess('CUTTING');
  const [sewerA, sewerB, sewerC, sewerD] = byProcess('SEWING');
  const member = (firm: DemoCastFirm) => ({ firmId: firm.firmId, processCode: firm.processCode });
  return {
    parkId,
    route: ROUTE,
    firms: [...castFirms, ...others.values()],
    listings,
    groups: [
      { name: '女式羽绒服虚拟集团', productLine: '女式羽绒服', members: [cutterA, sewerA, sewerB].map(member) },
      { name: '休闲夹克虚拟集团', productLine: '男式夹克', members: [cutterB, sewerC, sewerD].map(member) },
    ],
    policies: POLICIES,
    roundYears: cluster.settings.annualYears.slice(-2),
  };
}

function castFirm(firm: DemoFirm, parkId: string, processCode: string): DemoCastFirm {
  return {
    firmId: demoId('firm', firm.key),
    parkId,
    processCode,
    ownerEmail: ownerEmail(firm),
    ownerName: firm.ownerName,
  };
}
