import { Injectable } from '@nestjs/common';
import { AuditAction, auditActor, AuditSubject, recordAudit } from '@vg/audit';
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
import { CopyEvaluationSchemeInput } from './dto/scheme-form.dto';
import { SchemeForm, schemeFromForm } from './scheme-form';
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

  /** The JSON form (export/import): any scheme the engine accepts. */
  async create(principal: Principal, definitionJson: string): Promise<EvaluationSchemeEntity> {
    let definition: unknown;
    try {
      definition = JSON.parse(definitionJson);
    } catch {
      throw badInput('definitionJson', 'The scheme is not valid JSON');
    }
    return this.store(principal, definition, 'definitionJson');
  }

  /** The typed form: checked field by field (errors name the population, the indicator and the field). */
  createFromForm(principal: Principal, form: SchemeForm): Promise<EvaluationSchemeEntity> {
    const built = schemeFromForm(form);
    if ('field' in built) throw badInput(built.field, built.message);
    return this.store(principal, built.scheme, 'populations');
  }

  /** A template (shared or the park's own) copied as the park's own scheme, under a new code. */
  async copy(principal: Principal, input: CopyEvaluationSchemeInput): Promise<EvaluationSchemeEntity> {
    const template = await this.usable(principal, input.templateId);
    return this.store(
      principal,
      {
        ...template.definition,
        id: input.code,
        name: input.name?.trim() || template.definition.name,
        year: input.year ?? template.definition.year,
      },
      'templateId',
    );
  }

  private async store(principal: Principal, definition: unknown, field: string): Promise<EvaluationSchemeEntity> {
    const parkId = catalogueEntryParkId(principal);
    const problem = schemeProblem(definition);
    if (problem) throw badInput(field, `The scheme cannot be used: ${problem}`);
    const scheme = definition as EvaluationScheme;
    return this.unitOfWork.run(async (tx) => {
      const stored = await tx.manager.save(
        tx.manager.create(EvaluationSchemeEntity, {
          parkId,
          code: scheme.id,
          name: scheme.name,
          year: scheme.year,
          definition: scheme,
          createdBy: principal.userId,
        }),
      );
      await recordAudit(tx, auditActor(principal), [
        {
          parkId,
          year: scheme.year,
          subject: AuditSubject.SCHEME,
          subjectId: stored.id,
          action: AuditAction.CREATED,
          before: null,
          after: { code: scheme.id, name: scheme.name, year: scheme.year, definition: scheme },
        },
      ]);
      return stored;
    });
  }
}

/** A scheme without a park is shared: released to every park. */
function schemeTenancy(scheme: EvaluationSchemeEntity): RowTenancy {
  return scheme.parkId === null ? { parkIds: [], released: true } : { parkIds: [scheme.parkId] };
}
