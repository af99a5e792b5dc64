import { Injectable } from '@nestjs/common';
import { badInput, notFound, PageArgs, paginate, Principal, Role, UnitOfWork } from '@vg/core';
import { Brackets } from 'typeorm';
import type { EvaluationScheme } from './engine';
import { EvaluationSchemeEntity } from './evaluation-scheme.entity';
import { schemeProblem } from './scheme-validation';

/** Schemes as data: shared ones (every park) and each park's own; stored only once the engine accepts them. */
@Injectable()
export class SchemesService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  list(principal: Principal, page: PageArgs) {
    const query = this.unitOfWork.manager.createQueryBuilder(EvaluationSchemeEntity, 'scheme');
    if (principal.role !== Role.PLATFORM_ADMIN) {
      query.where(
        new Brackets((where) =>
          where.where('scheme.park_id IS NULL').orWhere('scheme.park_id = :parkId', { parkId: principal.parkId }),
        ),
      );
    }
    return paginate(query, page);
  }

  /** A scheme the caller's park may use. */
  async usable(principal: Principal, id: string): Promise<EvaluationSchemeEntity> {
    const scheme = await this.unitOfWork.manager.findOne(EvaluationSchemeEntity, { where: { id } });
    const reachable =
      scheme &&
      (scheme.parkId === null || principal.role === Role.PLATFORM_ADMIN || scheme.parkId === principal.parkId);
    if (!reachable) throw notFound('Evaluation scheme');
    return scheme;
  }

  async create(principal: Principal, definitionJson: string): Promise<EvaluationSchemeEntity> {
    let definition: unknown;
    try {
      definition = JSON.parse(definitionJson);
    } catch {
      throw badInput('definitionJson', 'The scheme is not valid JSON');
    }
    const problem = schemeProblem(definition);
    if (problem) throw badInput('definitionJson', `The scheme cannot be used: ${problem}`);
    const scheme = definition as EvaluationScheme;
    return this.unitOfWork.run((tx) =>
      tx.manager.save(
        tx.manager.create(EvaluationSchemeEntity, {
          parkId: principal.role === Role.PLATFORM_ADMIN ? null : principal.parkId,
          code: scheme.id,
          name: scheme.name,
          year: scheme.year,
          definition: scheme,
          createdBy: principal.userId,
        }),
      ),
    );
  }
}
