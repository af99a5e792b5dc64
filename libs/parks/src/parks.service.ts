import { Injectable } from '@nestjs/common';
import {
  assertMayManage,
  assertMayRead,
  notFound,
  PageArgs,
  paginate,
  Principal,
  readAudience,
  Resource,
  Role,
  Tx,
  UnitOfWork,
} from '@vg/core';
import { UserAccountsService, UserEntity } from '@vg/identity';
import Decimal from 'decimal.js';
import { CreateParkAdminInput, CreateParkInput, ParkTransportSettingsInput, UpdateParkInput } from './dto/park.inputs';
import { ParkEntity } from './park.entity';

@Injectable()
export class ParksService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly accounts: UserAccountsService,
  ) {}

  create(input: CreateParkInput): Promise<ParkEntity> {
    return this.unitOfWork.run((tx) => tx.manager.save(tx.manager.create(ParkEntity, input)));
  }

  update(id: string, input: UpdateParkInput): Promise<ParkEntity> {
    return this.unitOfWork.run(async (tx) => {
      const park = await this.getForUpdate(tx, id);
      Object.assign(park, input);
      return tx.manager.save(park);
    });
  }

  /** The park's administrators (or a platform admin) set how its plans cost transport; another park is missing. */
  setTransportSettings(principal: Principal, id: string, input: ParkTransportSettingsInput): Promise<ParkEntity> {
    assertMayManage(principal, Resource.PARK, { parkIds: [id] }, 'Park');
    return this.unitOfWork.run(async (tx) => {
      const park = await this.getForUpdate(tx, id);
      park.transportRatePerUnitKm = new Decimal(input.transportRatePerUnitKm).toFixed(4);
      park.distanceMode = input.distanceMode;
      park.defaultMaxDistanceKm =
        input.defaultMaxDistanceKm == null ? null : new Decimal(input.defaultMaxDistanceKm).toFixed(2);
      return tx.manager.save(park);
    });
  }

  /** A park admin sees only their own park; any other id answers as missing. */
  async get(principal: Principal, id: string): Promise<ParkEntity> {
    assertMayRead(principal, Resource.PARK, { parkIds: [id] }, 'Park');
    const park = await this.unitOfWork.manager.findOneBy(ParkEntity, { id });
    if (!park) throw notFound('Park');
    return park;
  }

  list(principal: Principal, page: PageArgs) {
    const query = this.unitOfWork.manager.createQueryBuilder(ParkEntity, 'park');
    const audience = readAudience(principal, Resource.PARK);
    switch (audience.reach) {
      case 'ALL':
        break;
      case 'PARK':
        query.where('park.id = :parkId', { parkId: audience.parkId });
        break;
      default:
        query.where('false');
    }
    return paginate(query, page);
  }

  createAdmin(input: CreateParkAdminInput): Promise<UserEntity> {
    return this.unitOfWork.run(async (tx) => {
      await this.getForUpdate(tx, input.parkId);
      return this.accounts.create(tx, {
        email: input.email,
        password: input.password,
        displayName: input.displayName,
        role: Role.PARK_ADMIN,
        parkId: input.parkId,
      });
    });
  }

  private async getForUpdate(tx: Tx, id: string): Promise<ParkEntity> {
    const park = await tx.manager.findOne(ParkEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!park) throw notFound('Park');
    return park;
  }
}
