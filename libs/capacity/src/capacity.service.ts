import { Injectable } from '@nestjs/common';
import {
  AppError,
  Audience,
  badInput,
  daysBetween,
  eachDay,
  ErrorCode,
  manageAudience,
  notFound,
  ownFirmId,
  PageArgs,
  paginate,
  Principal,
  readAudience,
  Resource,
  Tx,
  UnitOfWork,
} from '@vg/core';
import { FirmEntity, firmDoesProcess, FirmsService } from '@vg/firms';
import Decimal from 'decimal.js';
import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { CapacityListingEntity, ListingStatus } from './capacity-listing.entity';
import { CapacitySlotEntity } from './capacity-slot.entity';
import {
  CapacityListingFilterInput,
  CreateCapacityListingInput,
  UpdateCapacityListingInput,
} from './dto/capacity.inputs';

export const MAX_LISTING_DAYS = 366;
export const MAX_UTILISATION_DAYS = 92;

export interface DayUtilisation {
  date: string;
  processCode: string;
  capacity: number;
  booked: number;
  free: number;
  utilisation: string;
}

@Injectable()
export class CapacityService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly firms: FirmsService,
  ) {}

  create(principal: Principal, input: CreateCapacityListingInput): Promise<CapacityListingEntity> {
    const span = daysBetween(input.startDate, input.endDate);
    if (span < 0) throw badInput('endDate', 'endDate must not be before startDate');
    if (span >= MAX_LISTING_DAYS) throw badInput('endDate', `A listing spans at most ${MAX_LISTING_DAYS} days`);
    // An owner lists for their own firm (naming another one answers like a firm that does not exist); others name it.
    const firmId =
      manageAudience(principal, Resource.FIRM).reach === 'FIRM' ? ownFirmId(principal, input.firmId) : input.firmId;
    if (!firmId) throw badInput('firmId', 'firmId is required');
    return this.unitOfWork.run(async (tx) => {
      const firm = await this.firms.lockWritable(tx, principal, firmId);
      await this.assertFirmDoesProcess(tx, firm, input.processCode);
      const listing = await tx.manager.save(
        tx.manager.create(CapacityListingEntity, {
          parkId: firm.parkId,
          firmId: firm.id,
          processCode: input.processCode,
          unitsPerDay: input.unitsPerDay,
          startDate: input.startDate,
          endDate: input.endDate,
          unitPrice: input.unitPrice,
          minOrderQuantity: input.minOrderQuantity,
          notes: input.notes ?? null,
        }),
      );
      await this.openSlots(tx, listing, eachDay(listing.startDate, listing.endDate));
      return listing;
    });
  }

  /** Capacity may shrink only down to what is booked; days with bookings cannot leave the window. */
  update(principal: Principal, id: string, input: UpdateCapacityListingInput): Promise<CapacityListingEntity> {
    return this.unitOfWork.run(async (tx) => {
      const listing = await this.lockListing(tx, principal, id);
      if (listing.status === ListingStatus.WITHDRAWN) {
        throw new AppError(ErrorCode.CONFLICT, 'A withdrawn listing cannot be changed');
      }
      if (input.unitsPerDay !== undefined && input.unitsPerDay !== null) {
        const [{ max_booked }] = await tx.manager.query(
          `SELECT COALESCE(MAX(booked), 0)::int AS max_booked FROM capacity_slots WHERE listing_id = $1`,
          [listing.id],
        );
        if (input.unitsPerDay < max_booked) {
          throw badInput('unitsPerDay', `${max_booked} pieces are already booked on one day; capacity cannot go lower`);
        }
        await tx.manager.update(CapacitySlotEntity, { listingId: listing.id }, { capacity: input.unitsPerDay });
        listing.unitsPerDay = input.unitsPerDay;
      }
      if (input.endDate) await this.moveEndDate(tx, listing, input.endDate);
      if (input.unitPrice) listing.unitPrice = input.unitPrice;
      if (input.minOrderQuantity) listing.minOrderQuantity = input.minOrderQuantity;
      if (input.notes !== undefined) listing.notes = input.notes;
      return tx.manager.save(listing);
    });
  }

  /** Nothing more can be booked; what is booked stays booked. */
  withdraw(principal: Principal, id: string): Promise<CapacityListingEntity> {
    return this.unitOfWork.run(async (tx) => {
      const listing = await this.lockListing(tx, principal, id);
      await tx.manager.query(`UPDATE capacity_slots SET capacity = booked WHERE listing_id = $1`, [listing.id]);
      listing.status = ListingStatus.WITHDRAWN;
      return tx.manager.save(listing);
    });
  }

  list(principal: Principal, filter: CapacityListingFilterInput, page: PageArgs) {
    const query = this.unitOfWork.manager.createQueryBuilder(CapacityListingEntity, 'listing');
    restrictToListingAudience(query, readAudience(principal, Resource.FIRM));
    if (filter.firmId) query.andWhere('listing.firm_id = :firmId', { firmId: filter.firmId });
    if (filter.processCode) query.andWhere('listing.process_code = :process', { process: filter.processCode });
    return paginate(query, page);
  }

  async get(principal: Principal, id: string): Promise<CapacityListingEntity> {
    const query = this.unitOfWork.manager
      .createQueryBuilder(CapacityListingEntity, 'listing')
      .where('listing.id = :id', { id });
    const listing = await restrictToListingAudience(query, readAudience(principal, Resource.FIRM)).getOne();
    if (!listing) throw notFound('Capacity listing');
    return listing;
  }

  /** A firm's capacity and bookings per day and process (its own; a park admin: any in the park). */
  async utilisation(principal: Principal, firmId: string, from: string, to: string): Promise<DayUtilisation[]> {
    const span = daysBetween(from, to);
    if (span < 0) throw badInput('to', 'to must not be before from');
    if (span >= MAX_UTILISATION_DAYS) throw badInput('to', `At most ${MAX_UTILISATION_DAYS} days at a time`);
    await this.firms.get(principal, firmId);
    const rows: { date: string; process_code: string; capacity: number; booked: number }[] =
      await this.unitOfWork.manager.query(
        `SELECT to_char(date, 'YYYY-MM-DD') AS date, process_code, SUM(capacity)::int AS capacity,
                SUM(booked)::int AS booked
           FROM capacity_slots WHERE firm_id = $1 AND date BETWEEN $2 AND $3
          GROUP BY date, process_code ORDER BY date, process_code`,
        [firmId, from, to],
      );
    return rows.map((row) => ({
      date: row.date,
      processCode: row.process_code,
      capacity: row.capacity,
      booked: row.booked,
      free: row.capacity - row.booked,
      utilisation: row.capacity ? new Decimal(row.booked).dividedBy(row.capacity).toFixed(4) : '0.0000',
    }));
  }

  private async openSlots(tx: Tx, listing: CapacityListingEntity, days: string[]): Promise<void> {
    if (!days.length) return;
    await tx.manager.insert(
      CapacitySlotEntity,
      days.map((date) => ({
        listingId: listing.id,
        parkId: listing.parkId,
        firmId: listing.firmId,
        processCode: listing.processCode,
        date,
        capacity: listing.unitsPerDay,
        booked: 0,
      })),
    );
  }

  private async moveEndDate(tx: Tx, listing: CapacityListingEntity, endDate: string): Promise<void> {
    const span = daysBetween(listing.startDate, endDate);
    if (span < 0) throw badInput('endDate', 'endDate must not be before startDate');
    if (span >= MAX_LISTING_DAYS) throw badInput('endDate', `A listing spans at most ${MAX_LISTING_DAYS} days`);
    if (endDate > listing.endDate) {
      const added = eachDay(listing.endDate, endDate).slice(1);
      await this.openSlots(tx, listing, added);
    } else if (endDate < listing.endDate) {
      const [{ booked_days }] = await tx.manager.query(
        `SELECT COUNT(*)::int AS booked_days FROM capacity_slots WHERE listing_id = $1 AND date > $2 AND booked > 0`,
        [listing.id, endDate],
      );
      if (booked_days > 0) throw badInput('endDate', 'Days after the new end date already have bookings');
      await tx.manager.query(`DELETE FROM capacity_slots WHERE listing_id = $1 AND date > $2`, [listing.id, endDate]);
    }
    listing.endDate = endDate;
  }

  private async lockListing(tx: Tx, principal: Principal, id: string): Promise<CapacityListingEntity> {
    const listing = await tx.manager.findOne(CapacityListingEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!listing) throw notFound('Capacity listing');
    await this.firms.lockWritable(tx, principal, listing.firmId).catch(() => {
      throw notFound('Capacity listing');
    });
    return listing;
  }

  private async assertFirmDoesProcess(tx: Tx, firm: FirmEntity, processCode: string): Promise<void> {
    if (!(await firmDoesProcess(tx.manager, firm.id, processCode))) {
      throw badInput(
        'processCode',
        `The firm does not list ${processCode} among its processes; add it to the profile first`,
      );
    }
  }
}

/** A firm's capacity is read as its firm is: the audience's park or firm, or all. */
function restrictToListingAudience<T extends ObjectLiteral>(query: SelectQueryBuilder<T>, audience: Audience) {
  switch (audience.reach) {
    case 'ALL':
      return query;
    case 'PARK':
      return query.andWhere('listing.park_id = :scopeParkId', { scopeParkId: audience.parkId });
    case 'FIRM':
      return query.andWhere('listing.firm_id = :scopeFirmId', { scopeFirmId: audience.firmId });
    default:
      return query.andWhere('false');
  }
}
