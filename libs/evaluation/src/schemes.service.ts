import { Injectable } from '@nestjs/common';
import {
  badInput,
  catalogueEntryParkId,
  mayRead,
  notFound,
  PageArgs,
  paginate,
  Principal,
  readAudience,
  Resource,
  RowTenancy,
  UnitOfWork,
} from '@vg/core';
import type { EvaluationScheme } from './engine';
import { EvaluationSchemeEntity } from './evaluation-scheme.entity';
import { schemeProblem } from './scheme-validation';

/** Schemes as data: shared ones (every park) and each park's own; stored only once the engine accepts them. */
@Injectable()
export class SchemesService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  list(principal: Principal, page: PageArgs) {
    const query = this.unitOfWork.manager.createQueryBuilder(EvaluationSchemeEntity, 'scheme');
    const audience = readAudience(principal, Resource.CATALOGUE);
    switch (audience.reach) {
      case 'ALL':
        break;
      case 'PARK_OR_RELEASED':
        query.where('(scheme.park_id IS NULL OR scheme.park_id = :parkId)', { parkId: audience.parkId });
        break;
      case 'RELEASED':
        query.where('scheme.park_id IS NULL');
        break;
      default:
        query.where('false');
    }
    return paginate(query, page);
  }

  /** A scheme the caller's park may use. */
  async usable(principal: Principal, id: string): Promise<EvaluationSchemeEntity> {
    const scheme = await this.unitOfWork.manager.findOne(EvaluationSchemeEntity, { where: { id } });
    if (!scheme || !mayRead(principal, Resource.CATALOGUE, schemeTenancy(scheme))) throw notFound('Evaluation scheme');
    return scheme;
  }

  async create(principal: Principal, definitionJson: string): Promise<EvaluationSchemeEntity> {
    const parkId = catalogueEntryParkId(principal);
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
          parkId,
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

/** A scheme without a park is shared: released to every park. */
function schemeTenancy(scheme: EvaluationSchemeEntity): RowTenancy {
  return scheme.parkId === null ? { parkIds: [], released: true } : { parkIds: [scheme.parkId] };
}
