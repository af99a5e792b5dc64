import { Injectable } from '@nestjs/common';
import {
  administeredParkId,
  badInput,
  decodeCursor,
  encodeCursor,
  ExportedFile,
  ExportFormat,
  exportTable,
  Page,
  PageArgs,
  Principal,
  Role,
  UnitOfWork,
} from '@vg/core';
import { UserLabel, userLabels } from '@vg/identity';
import { SelectQueryBuilder } from 'typeorm';
import { AuditEventEntity } from './audit-event.entity';
import { AuditTrailFilterInput } from './dto/audit.inputs';
import { actorLabel } from './dto/audit.models';

/** Rows one export may hold; a longer trail is exported a firm, a round or a year at a time. */
export const MAX_EXPORTED_EVENTS = 50_000;

export interface AuditPage extends Page<AuditEventEntity> {
  actors: Map<string, UserLabel>;
}

/** The park's trail, newest first: for its administrators (platform administrators name the park). */
@Injectable()
export class AuditTrailService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async list(principal: Principal, filter: AuditTrailFilterInput, page: PageArgs): Promise<AuditPage> {
    const query = this.query(principal, filter);
    const totalCount = await query.clone().getCount();
    if (page.after) {
      const sequence = decodeCursor(page.after);
      if (!/^\d{1,19}$/.test(sequence)) throw badInput('after', 'Cursor is not valid');
      query.andWhere('event.sequence < :sequence', { sequence });
    }
    const rows = await query.take(page.first + 1).getMany();
    const nodes = rows.slice(0, page.first);
    const last = nodes.at(-1);
    return {
      nodes,
      totalCount,
      hasNextPage: rows.length > page.first,
      endCursor: last ? cursorOf(last) : null,
      actors: await userLabels(
        this.unitOfWork.manager,
        nodes.map((event) => event.actorId),
      ),
    };
  }

  /** The same trail as a file, newest first; cells that would start a formula are neutralised (see exportTable). */
  async export(principal: Principal, filter: AuditTrailFilterInput, format: ExportFormat): Promise<ExportedFile> {
    const query = this.query(principal, filter);
    const events = await query.take(MAX_EXPORTED_EVENTS + 1).getMany();
    if (events.length > MAX_EXPORTED_EVENTS) {
      throw badInput(
        'filter',
        `More than ${MAX_EXPORTED_EVENTS.toLocaleString('en')} changes: export a firm, a round or a year at a time`,
      );
    }
    const actors = await userLabels(
      this.unitOfWork.manager,
      events.map((event) => event.actorId),
    );
    return exportTable(
      format,
      'audit-trail',
      [
        { header: '时间 occurred at (UTC)', width: 24 },
        { header: '操作人 actor', width: 30 },
        { header: '角色 role', width: 14 },
        { header: '对象 subject', width: 16 },
        { header: '对象编号 subject id', width: 38 },
        { header: '动作 action', width: 10 },
        { header: '企业 firm id', width: 38 },
        { header: '评价轮次 round id', width: 38 },
        { header: '年度 year', kind: 'integer' },
        { header: '变更前 before', width: 50 },
        { header: '变更后 after', width: 50 },
        { header: '原因 reason', width: 40 },
        { header: '导入任务 import job', width: 38 },
      ],
      events.map((event) => [
        event.occurredAt.toISOString(),
        actorLabel(actors.get(event.actorId)) ?? event.actorId,
        event.actorRole,
        event.subject,
        event.subjectId,
        event.action,
        event.firmId,
        event.roundId,
        event.year,
        event.before === null ? null : JSON.stringify(event.before),
        event.after === null ? null : JSON.stringify(event.after),
        event.reason,
        event.importJobId,
      ]),
    );
  }

  /** A park admin reads their park's trail; a platform admin a named park's, or without one the whole platform's. */
  private query(principal: Principal, filter: AuditTrailFilterInput): SelectQueryBuilder<AuditEventEntity> {
    const query = this.unitOfWork.manager
      .createQueryBuilder(AuditEventEntity, 'event')
      .where('true')
      .orderBy('event.sequence', 'DESC');
    if (principal.role !== Role.PLATFORM_ADMIN || filter.parkId) {
      query.andWhere('event.park_id = :parkId', { parkId: administeredParkId(principal, filter.parkId) });
    }
    if (filter.firmId) query.andWhere('event.firm_id = :firmId', { firmId: filter.firmId });
    if (filter.roundId) query.andWhere('event.round_id = :roundId', { roundId: filter.roundId });
    if (filter.year) query.andWhere('event.year = :year', { year: filter.year });
    if (filter.subject) query.andWhere('event.subject = :subject', { subject: filter.subject });
    return query;
  }
}

function cursorOf(event: AuditEventEntity): string {
  return encodeCursor(event.sequence);
}
