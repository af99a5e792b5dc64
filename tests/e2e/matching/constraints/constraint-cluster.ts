/**
 * A small cluster around Linping's centre for the buyer-constraint e2e files (not a spec): SEWING firms in park A
 * placed so that each breaks exactly one constraint of `CONSTRAINED_ORDER`, and two that break none.
 */
import { FirmEntity, FirmProcessEntity } from '@vg/firms';
import { IDS, Tokens } from '../../../support/seed';
import { dataOf, TestApp } from '../../../support/test-app';
import { createListing } from '../../../support/operations';
import { uniqueUscc } from '../../../support/unique';

/** The delivery point: 临平街道, roughly. */
export const DELIVERY = { latitude: '30.420000', longitude: '120.300000' };

export const FIRMS = {
  /** 1 km north-east, BSCI valid: eligible. */
  near: '00000000-0000-4000-8000-0000000001a4',
  /** 3 km away, BSCI valid, dearer: eligible. */
  second: '00000000-0000-4000-8000-0000000001a9',
  /** 塘栖, about 13 km away, BSCI valid, cheap: too far. */
  far: '00000000-0000-4000-8000-0000000001a5',
  /** Near, cheap, no BSCI. */
  uncertified: '00000000-0000-4000-8000-0000000001a6',
  /** Near, cheap, BSCI expiring in the middle of the order's window. */
  expiring: '00000000-0000-4000-8000-0000000001a7',
  /** Near, cheapest, BSCI valid: excluded by the buyer. */
  excluded: '00000000-0000-4000-8000-0000000001a8',
} as const;

export const SITES: Record<keyof typeof FIRMS, { latitude: string; longitude: string; town: string }> = {
  near: { latitude: '30.426400', longitude: '120.307400', town: '临平街道' },
  second: { latitude: '30.400000', longitude: '120.280000', town: '南苑街道' },
  far: { latitude: '30.480000', longitude: '120.190000', town: '塘栖镇' },
  uncertified: { latitude: '30.421000', longitude: '120.302000', town: '临平街道' },
  expiring: { latitude: '30.418000', longitude: '120.296000', town: '临平街道' },
  excluded: { latitude: '30.423000', longitude: '120.298000', town: '临平街道' },
};

const PRICES: Record<keyof typeof FIRMS, string> = {
  near: '12.00',
  second: '12.50',
  far: '10.00',
  uncertified: '10.00',
  expiring: '10.00',
  excluded: '9.00',
};

export const BSCI_UNTIL = '2028-12-31';
export const EXPIRING_BSCI_UNTIL = '2027-03-10';
export const WINDOW = { earliestStart: '2027-03-02', dueDate: '2027-03-20' };

/** Firm rows go straight in (the registry's job); sites, certifications and listings through the API. */
export async function buildConstraintCluster(app: TestApp, tokens: Tokens): Promise<Record<string, string>> {
  const names = Object.keys(FIRMS) as (keyof typeof FIRMS)[];
  await app.dataSource.transaction(async (manager) => {
    await manager.insert(
      FirmEntity,
      names.map((name) => ({
        id: FIRMS[name],
        parkId: IDS.parkA,
        uscc: uniqueUscc(),
        name: `杭州${name}制衣有限公司`,
        industryCode: '18',
        industryGroup: '纺织服装',
        joinedOn: '2024-03-01',
      })),
    );
    await manager.insert(
      FirmProcessEntity,
      names.map((name) => ({ firmId: FIRMS[name], parkId: IDS.parkA, processCode: 'SEWING' })),
    );
  });
  const listings: Record<string, string> = {};
  for (const name of names) {
    dataOf(
      await app.gql(
        'mutation ($id: ID!, $input: UpdateFirmInput!) { updateFirm(id: $id, input: $input) { id } }',
        { id: FIRMS[name], input: { siteLocation: SITES[name] } },
        tokens.parkAdminA,
      ),
    );
    if (name !== 'uncertified') {
      dataOf(
        await app.gql(
          'mutation ($firmId: ID!, $input: CertificationInput!) { addFirmCertification(firmId: $firmId, input: $input) { id } }',
          {
            firmId: FIRMS[name],
            input: {
              type: 'BSCI',
              number: `BSCI-${name}`,
              issuer: 'amfori',
              validFrom: '2026-01-01',
              validTo: name === 'expiring' ? EXPIRING_BSCI_UNTIL : BSCI_UNTIL,
            },
          },
          tokens.parkAdminA,
        ),
      );
    }
    const listing = await createListing(app, tokens.parkAdminA, {
      firmId: FIRMS[name],
      processCode: 'SEWING',
      unitsPerDay: 100,
      startDate: '2027-03-01',
      endDate: '2027-03-31',
      unitPrice: PRICES[name],
    });
    listings[name] = listing.id;
  }
  return listings;
}

/** Great-circle km by the haversine on the mean Earth radius: the test's own yardstick. */
export function haversineKm(a: { latitude: string; longitude: string }, b: { latitude: string; longitude: string }) {
  const rad = (degrees: string) => (Number(degrees) * Math.PI) / 180;
  const dLat = rad(b.latitude) - rad(a.latitude);
  const dLng = rad(b.longitude) - rad(a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}
