import { Injectable } from '@nestjs/common';
import {
  administeredParkId,
  AppError,
  badInput,
  conflict,
  ErrorCode,
  mayManage,
  notFound,
  PageArgs,
  paginate,
  Principal,
  Resource,
  runInSystemScope,
  Tx,
  UnitOfWork,
} from '@vg/core';
import { auditActor, recordAudit } from '@vg/audit';
import { parkExists } from '@vg/parks';
import { In } from 'typeorm';
import {
  CreateFirmInput,
  FirmFilterInput,
  FirmScaleInput,
  OWNER_EDITABLE_FIELDS,
  UpdateFirmInput,
} from './dto/firm.inputs';
import { FirmCertificationEntity } from './certifications/firm-certification.entity';
import { firmTenancy, restrictToReadableFirms } from './firm-access';
import { scaleAuditEntry } from './firm-audit';
import { unknownProcessCodes } from './firm-lookups';
import { FirmProcessEntity } from './firm-process.entity';
import { FirmScaleEntity } from './firm-scale.entity';
import { FirmEntity } from './firm.entity';
import { LandPlotEntity } from './land-plot.entity';
import { ProcessEntity } from './process.entity';

export interface FirmDetails {
  firm: FirmEntity;
  processes: ProcessEntity[];
  scales: FirmScaleEntity[];
  plots: LandPlotEntity[];
  certifications: FirmCertificationEntity[];
}

@Injectable()
export class FirmsService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async get(principal: Principal, id: string): Promise<FirmDetails> {
    const query = this.unitOfWork.manager.createQueryBuilder(FirmEntity, 'firm').where('firm.id = :id', { id });
    const firm = await restrictToReadableFirms(query, principal).getOne();
    if (!firm) throw notFound('Firm');
    const [details] = await this.loadDetails([firm]);
    return details;
  }

  async list(principal: Principal, filter: FirmFilterInput, page: PageArgs) {
    const query = restrictToReadableFirms(this.unitOfWork.manager.createQueryBuilder(FirmEntity, 'firm'), principal);
    if (filter.parkId) query.andWhere('firm.park_id = :parkId', { parkId: filter.parkId });
    if (filter.industryGroup) query.andWhere('firm.industry_group = :group', { group: filter.industryGroup });
    if (filter.processCode) {
      query.andWhere(
        'EXISTS (SELECT 1 FROM firm_processes fp WHERE fp.firm_id = firm.id AND fp.process_code = :processCode)',
        { processCode: filter.processCode },
      );
    }
    if (filter.search) {
      query.andWhere('(firm.name ILIKE :pattern OR firm.uscc = :uscc)', {
        pattern: `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
        uscc: filter.search.toUpperCase(),
      });
    }
    const page_ = await paginate(query, page);
    return { ...page_, nodes: await this.loadDetails(page_.nodes) };
  }

  async create(principal: Principal, input: CreateFirmInput): Promise<FirmDetails> {
    const parkId = administeredParkId(principal, input.parkId);
    // A USCC is the platform's, whichever park registered it: the check crosses parks (the caller's scope would not).
    const registered = await runInSystemScope('firm registration: a USCC registered in any park', () =>
      this.unitOfWork.manager.exists(FirmEntity, { where: { uscc: input.uscc } }),
    );
    if (registered) throw conflict('A firm with this USCC is already registered', 'uscc');
    const firm = await this.unitOfWork.run(async (tx) => {
      if (!(await parkExists(tx.manager, parkId))) throw notFound('Park');
      const created = await tx.manager.save(
        tx.manager.create(FirmEntity, {
          parkId,
          uscc: input.uscc,
          name: input.name.trim(),
          industryCode: input.industryCode,
          industryGroup: input.industryGroup.trim(),
          employees: input.employees ?? null,
          address: input.address?.trim() ?? null,
          joinedOn: input.joinedOn ?? null,
          legalRepresentative: input.legalRepresentative?.trim() ?? null,
          registeredOn: input.registeredOn ?? null,
          siteLatitude: input.siteLocation?.latitude ?? null,
          siteLongitude: input.siteLocation?.longitude ?? null,
          siteTown: input.siteLocation?.town?.trim() || null,
        }),
      );
      await this.replaceProcesses(tx, created, input.processCodes);
      await this.upsertScales(tx, principal, created, input.scales);
      return created;
    });
    return this.get(principal, firm.id);
  }

  /** The park changes a firm's whole profile; its owner only the fields an owner keeps up to date. */
  async update(principal: Principal, id: string, input: UpdateFirmInput): Promise<FirmDetails> {
    await this.unitOfWork.run(async (tx) => {
      const firm = await this.lockWritable(tx, principal, id);
      if (!mayManage(principal, Resource.PARK, { parkIds: [firm.parkId] })) {
        const refused = (Object.keys(input) as (keyof UpdateFirmInput)[]).find(
          (field) => input[field] !== undefined && !OWNER_EDITABLE_FIELDS.includes(field),
        );
        if (refused) throw new AppError(ErrorCode.FORBIDDEN, `An owner may not change ${refused}`, refused);
      }
      const { processCodes, scales, siteLocation, ...profile } = input;
      Object.assign(
        firm,
        Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== undefined && value !== null)),
      );
      if (siteLocation) {
        Object.assign(firm, {
          siteLatitude: siteLocation.latitude,
          siteLongitude: siteLocation.longitude,
          siteTown: siteLocation.town?.trim() || null,
        });
      }
      await tx.manager.save(firm);
      if (processCodes) await this.replaceProcesses(tx, firm, processCodes);
      if (scales) await this.upsertScales(tx, principal, firm, scales);
    });
    return this.get(principal, id);
  }

  /** Locks the firm row for the rest of the transaction; out-of-reach firms answer as missing. */
  async lockWritable(tx: Tx, principal: Principal, id: string): Promise<FirmEntity> {
    const firm = await tx.manager.findOne(FirmEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!firm || !mayManage(principal, Resource.FIRM, firmTenancy(firm))) throw notFound('Firm');
    return firm;
  }

  /**
   * Locks a firm for a change only its park decides (certified land, inviting its owner): the firm's own owner is
   * answered as if it were missing, like anyone else out of reach.
   */
  async lockForPark(tx: Tx, principal: Principal, id: string): Promise<FirmEntity> {
    const firm = await this.lockWritable(tx, principal, id);
    if (!mayManage(principal, Resource.PARK, { parkIds: [firm.parkId] })) throw notFound('Firm');
    return firm;
  }

  /** Processes, scales, plots and certifications of many firms in four queries, whatever the page size. */
  async loadDetails(firms: FirmEntity[]): Promise<FirmDetails[]> {
    if (!firms.length) return [];
    const ids = firms.map((firm) => firm.id);
    const manager = this.unitOfWork.manager;
    const [links, scales, plots, certifications] = await Promise.all([
      manager.find(FirmProcessEntity, { where: { firmId: In(ids) }, relations: { process: true } }),
      manager.find(FirmScaleEntity, { where: { firmId: In(ids) }, order: { year: 'ASC' } }),
      manager.find(LandPlotEntity, { where: { firmId: In(ids) }, order: { certificateNo: 'ASC' } }),
      manager.find(FirmCertificationEntity, { where: { firmId: In(ids) }, order: { type: 'ASC', validTo: 'DESC' } }),
    ]);
    return firms.map((firm) => ({
      firm,
      processes: links
        .filter((link) => link.firmId === firm.id)
        .map((link) => link.process as ProcessEntity)
        .sort((a, b) => a.code.localeCompare(b.code)),
      scales: scales.filter((scale) => scale.firmId === firm.id),
      plots: plots.filter((plot) => plot.firmId === firm.id),
      certifications: certifications.filter((certification) => certification.firmId === firm.id),
    }));
  }

  private async replaceProcesses(tx: Tx, firm: FirmEntity, codes: string[]): Promise<void> {
    const unique = [...new Set(codes)];
    const unknown = await unknownProcessCodes(tx.manager, firm.parkId, unique);
    if (unknown.length) throw badInput('processCodes', `Unknown process: ${unknown.join(', ')}`);
    await tx.manager.delete(FirmProcessEntity, { firmId: firm.id });
    if (unique.length) {
      await tx.manager.insert(
        FirmProcessEntity,
        unique.map((processCode) => ({ firmId: firm.id, parkId: firm.parkId, processCode })),
      );
    }
  }

  private async upsertScales(tx: Tx, principal: Principal, firm: FirmEntity, scales: FirmScaleInput[]): Promise<void> {
    const years = scales.map((scale) => scale.year);
    if (new Set(years).size !== years.length) throw badInput('scales', 'Each year may appear once');
    if (!scales.length) return;
    const before = new Map(
      (await tx.manager.find(FirmScaleEntity, { where: { firmId: firm.id, year: In(years) } })).map((row) => [
        row.year,
        row.scale,
      ]),
    );
    await tx.manager.upsert(
      FirmScaleEntity,
      scales.map((scale) => ({ firmId: firm.id, parkId: firm.parkId, year: scale.year, scale: scale.scale })),
      ['firmId', 'year'],
    );
    await recordAudit(
      tx,
      auditActor(principal),
      scales.map((scale) =>
        scaleAuditEntry(firm.parkId, firm.id, scale.year, before.get(scale.year) ?? null, scale.scale),
      ),
    );
  }
}
