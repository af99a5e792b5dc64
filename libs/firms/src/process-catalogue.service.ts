import { Injectable } from '@nestjs/common';
import {
  catalogueEntryParkId,
  conflict,
  PageArgs,
  paginate,
  Principal,
  readAudience,
  Resource,
  UnitOfWork,
} from '@vg/core';
import { AddProcessInput } from './dto/firm.inputs';
import { ProcessEntity } from './process.entity';

/** The shared catalogue plus each park's own additions; a park sees the shared ones and its own. */
@Injectable()
export class ProcessCatalogueService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  list(principal: Principal, page: PageArgs) {
    const query = this.unitOfWork.manager.createQueryBuilder(ProcessEntity, 'process');
    const audience = readAudience(principal, Resource.CATALOGUE);
    switch (audience.reach) {
      case 'ALL':
        break;
      case 'PARK_OR_RELEASED':
        query.where('(process.park_id IS NULL OR process.park_id = :parkId)', { parkId: audience.parkId });
        break;
      case 'RELEASED':
        query.where('process.park_id IS NULL');
        break;
      default:
        query.where('false');
    }
    return paginate(query, page, 'process.code', (process) => process.code);
  }

  add(principal: Principal, input: AddProcessInput): Promise<ProcessEntity> {
    const parkId = catalogueEntryParkId(principal);
    return this.unitOfWork.run(async (tx) => {
      if (await tx.manager.exists(ProcessEntity, { where: { code: input.code } })) {
        throw conflict('A process with this code exists', 'code');
      }
      return tx.manager.save(tx.manager.create(ProcessEntity, { ...input, parkId }));
    });
  }
}
