import { Injectable } from '@nestjs/common';
import { conflict, PageArgs, paginate, Principal, Role, UnitOfWork } from '@vg/core';
import { Brackets } from 'typeorm';
import { AddProcessInput } from './dto/firm.inputs';
import { ProcessEntity } from './process.entity';

/** The shared catalogue plus each park's own additions; a park sees the shared ones and its own. */
@Injectable()
export class ProcessCatalogueService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  list(principal: Principal, page: PageArgs) {
    const query = this.unitOfWork.manager.createQueryBuilder(ProcessEntity, 'process');
    if (principal.role !== Role.PLATFORM_ADMIN) {
      query.where(
        new Brackets((where) =>
          where.where('process.park_id IS NULL').orWhere('process.park_id = :parkId', { parkId: principal.parkId }),
        ),
      );
    }
    return paginate(query, page, 'process.code', (process) => process.code);
  }

  add(principal: Principal, input: AddProcessInput): Promise<ProcessEntity> {
    return this.unitOfWork.run(async (tx) => {
      if (await tx.manager.exists(ProcessEntity, { where: { code: input.code } })) {
        throw conflict('A process with this code exists', 'code');
      }
      return tx.manager.save(
        tx.manager.create(ProcessEntity, {
          ...input,
          parkId: principal.role === Role.PLATFORM_ADMIN ? null : principal.parkId,
        }),
      );
    });
  }
}
