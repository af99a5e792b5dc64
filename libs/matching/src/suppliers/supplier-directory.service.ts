import { Injectable } from '@nestjs/common';
import { DAY_PACK, freeListings } from '@vg/capacity';
import { addDays, badInput, eachDay, PageArgs, paginateArray, todayInChina, toDayNumber, UnitOfWork } from '@vg/core';
import { latestPublishedClasses } from '@vg/evaluation';
import { searchSuppliers, SupplierHit, supplierProfileFacts, supplierSiteFacts } from '@vg/firms';
import { ProcessModel } from '@vg/firms';
import { EntityManager } from 'typeorm';
import { SupplierRating, supplierRatingsOf } from '../supplier-rating';
import {
  SupplierCertificationModel,
  SupplierProfileModel,
  SupplierSearchInput,
  WeeklyFreeCapacityModel,
} from './supplier.dto';

/** How far ahead the coarse capacity calendar looks. */
export const CALENDAR_WEEKS = 8;

type RatedHit = SupplierHit & { rated: SupplierRating };

/**
 * The public supplier profiles buyers search: who does a process, where (town and distance), with which valid
 * certifications, how well rated, in which published class, and roughly how much is free per week. Only public
 * facts are read (firms' site and catalogue facts, matching's rating, evaluation's published classes, capacity's
 * free days): no tax, revenue, energy, output or land figures ever reach this type.
 */
@Injectable()
export class SupplierDirectoryService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async search(input: SupplierSearchInput, page: PageArgs, today = todayInChina()) {
    if (input.maxDistanceKm != null && !input.near) {
      throw badInput('near', 'A maximum distance is measured from a point: give near');
    }
    const manager = this.unitOfWork.manager;
    const hits = await searchSuppliers(manager, {
      processCode: input.processCode ?? null,
      certificationType: input.certificationType ?? null,
      asOf: today,
      near: input.near ? { latitude: Number(input.near.latitude), longitude: Number(input.near.longitude) } : null,
      maxDistanceKm: input.maxDistanceKm == null ? null : Number(input.maxDistanceKm),
      parkId: input.parkId ?? null,
    });
    const ratings = await supplierRatingsOf(
      manager,
      hits.map((hit) => hit.firmId),
    );
    const minRating = input.minRating == null ? null : Number(input.minRating);
    const rated: RatedHit[] = hits
      .map((hit) => ({ ...hit, rated: ratings.get(hit.firmId) as SupplierRating }))
      .filter((hit) => minRating === null || hit.rated.rating >= minRating)
      .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    const paged = paginateArray(rated, page, sortKey);
    const profiles = await this.profiles(manager, paged.nodes, today);
    return { ...paged, nodes: paged.nodes.map((hit, index) => ({ key: sortKey(hit), profile: profiles[index] })) };
  }

  private async profiles(manager: EntityManager, hits: RatedHit[], today: string): Promise<SupplierProfileModel[]> {
    if (!hits.length) return [];
    const firmIds = hits.map((hit) => hit.firmId);
    const [facts, sites] = await Promise.all([
      supplierProfileFacts(manager, firmIds),
      supplierSiteFacts(manager, firmIds),
    ]);
    const parkIds = [...new Set([...facts.values()].map((fact) => fact.parkId))];
    const classesByPark = new Map(
      await Promise.all(
        parkIds.map(async (parkId) => [parkId, await latestPublishedClasses(manager, parkId)] as const),
      ),
    );
    const calendars = await this.capacityCalendars(manager, [...facts.values()], today);
    return hits.map((hit) => {
      const fact = facts.get(hit.firmId);
      if (!fact) throw new Error(`Firm ${hit.firmId} vanished while its profile was read`);
      const profile = new SupplierProfileModel();
      profile.firmId = fact.firmId;
      profile.name = fact.name;
      profile.parkId = fact.parkId;
      profile.town = fact.town;
      profile.distanceKm = hit.distanceKm === null ? null : Math.round(hit.distanceKm * 100) / 100;
      profile.processes = fact.processes.map((process) =>
        Object.assign(new ProcessModel(), { ...process, parkId: null as string | null }),
      );
      profile.certifications = (sites.get(hit.firmId)?.certifications ?? [])
        .filter((held) => held.validFrom <= today && today <= held.validTo)
        .map(SupplierCertificationModel.from);
      profile.rating = hit.rated.rating;
      profile.evaluationClass = classesByPark.get(fact.parkId)?.get(hit.firmId) ?? null;
      profile.capacityCalendar = calendars.get(hit.firmId) ?? [];
      return profile;
    });
  }

  /** Free (unbooked) pieces per process and week, from this week's Monday for CALENDAR_WEEKS weeks. */
  private async capacityCalendars(
    manager: EntityManager,
    firms: { firmId: string; processes: { code: string }[] }[],
    today: string,
  ): Promise<Map<string, WeeklyFreeCapacityModel[]>> {
    const processCodes = [...new Set(firms.flatMap((firm) => firm.processes.map((process) => process.code)))];
    if (!processCodes.length) return new Map();
    const from = addDays(today, -((toDayNumber(today) + 3) % 7));
    const to = addDays(from, CALENDAR_WEEKS * 7 - 1);
    const wanted = new Set(firms.map((firm) => firm.firmId));
    const listings = (
      await freeListings(manager, {
        processCodes,
        from,
        to,
        ceilingsFen: processCodes.map(() => null),
        excludedListingIds: [],
        aboveCeiling: false,
      })
    ).filter((listing) => wanted.has(listing.firm_id));
    const weeks = eachDay(from, to).filter((_, index) => index % 7 === 0);
    const totals = new Map<string, Map<string, number[]>>();
    for (const listing of listings) {
      const byProcess = totals.get(listing.firm_id) ?? new Map<string, number[]>();
      const units = byProcess.get(listing.process_code) ?? weeks.map(() => 0);
      for (const token of listing.packed ? listing.packed.split(',') : []) {
        const packed = Number(token);
        const offset = Math.floor(packed / DAY_PACK);
        units[Math.floor(offset / 7)] += packed - offset * DAY_PACK;
      }
      byProcess.set(listing.process_code, units);
      totals.set(listing.firm_id, byProcess);
    }
    return new Map(
      [...totals].map(([firmId, byProcess]) => [
        firmId,
        [...byProcess]
          .sort(([a], [b]) => a.localeCompare(b))
          .flatMap(([processCode, units]) =>
            units.map((freeUnits, week) =>
              WeeklyFreeCapacityModel.from({ processCode, weekStart: weeks[week], freeUnits }),
            ),
          ),
      ]),
    );
  }
}

/** Page keys that sort as the hits do: by distance (fixed-width metres) then id, or by id alone. */
function sortKey(hit: SupplierHit): string {
  return hit.distanceKm === null
    ? hit.firmId
    : `${String(Math.round(hit.distanceKm * 1000)).padStart(9, '0')}|${hit.firmId}`;
}
