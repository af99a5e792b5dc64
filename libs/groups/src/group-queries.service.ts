import { Injectable } from '@nestjs/common';
import { notFound, PageArgs, paginate, Principal, Role, UnitOfWork } from '@vg/core';
import { VirtualGroupFilterInput } from './dto/group.inputs';
import { GroupMemberModel, VirtualGroupModel } from './dto/group.models';
import { restrictToReadableGroups } from './group-access';
import { VirtualGroupEntity } from './virtual-group.entity';

interface MemberRow {
  id: string;
  group_id: string;
  firm_id: string;
  firm_name: string;
  stage_process: string;
  joined_on: string;
  left_on: string | null;
}

/** Reads groups with their members and lead firm names: a page of groups costs four queries, whatever its size. */
@Injectable()
export class GroupQueriesService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  async get(principal: Principal, id: string): Promise<VirtualGroupModel> {
    const query = this.unitOfWork.manager.createQueryBuilder(VirtualGroupEntity, 'g').where('g.id = :id', { id });
    const group = await restrictToReadableGroups(query, principal).getOne();
    if (!group) throw notFound('Virtual group');
    const [model] = await this.toModels(principal, [group]);
    return model;
  }

  async list(principal: Principal, filter: VirtualGroupFilterInput, page: PageArgs) {
    const query = restrictToReadableGroups(
      this.unitOfWork.manager.createQueryBuilder(VirtualGroupEntity, 'g'),
      principal,
    );
    if (filter.status) query.andWhere('g.status = :status', { status: filter.status });
    if (filter.firmId) {
      query.andWhere(
        '(g.lead_firm_id = :firmId OR EXISTS (SELECT 1 FROM group_members m WHERE m.group_id = g.id AND m.firm_id = :firmId))',
        { firmId: filter.firmId },
      );
    }
    const result = await paginate(query, page);
    return { ...result, nodes: await this.toModels(principal, result.nodes) };
  }

  /** Models for many groups in two queries; buyers see current members only, not the history. */
  async toModels(principal: Principal, groups: VirtualGroupEntity[]): Promise<VirtualGroupModel[]> {
    if (!groups.length) return [];
    const ids = groups.map((group) => group.id);
    const manager = this.unitOfWork.manager;
    const [members, leads]: [MemberRow[], { id: string; name: string }[]] = await Promise.all([
      manager.query(
        `SELECT m.id, m.group_id, m.firm_id, f.name AS firm_name, m.stage_process,
                to_char(m.joined_on, 'YYYY-MM-DD') AS joined_on, to_char(m.left_on, 'YYYY-MM-DD') AS left_on
           FROM group_members m JOIN firms f ON f.id = m.firm_id
          WHERE m.group_id = ANY($1) AND ($2 OR m.left_on IS NULL)
          ORDER BY m.group_id, m.stage_process, m.joined_on, f.name, m.id`,
        [ids, principal.role !== Role.BUYER],
      ),
      manager.query(`SELECT id, name FROM firms WHERE id = ANY($1)`, [groups.map((group) => group.leadFirmId)]),
    ]);
    const leadNames = new Map(leads.map((lead) => [lead.id, lead.name]));
    return groups.map((group) => {
      const own = members.filter((member) => member.group_id === group.id);
      const ordered = own.sort(
        (a, b) => group.stageProcesses.indexOf(a.stage_process) - group.stageProcesses.indexOf(b.stage_process),
      );
      return Object.assign(new VirtualGroupModel(), {
        id: group.id,
        parkId: group.parkId,
        name: group.name,
        productLine: group.productLine,
        stageProcesses: group.stageProcesses,
        leadFirmId: group.leadFirmId,
        leadFirmName: leadNames.get(group.leadFirmId) ?? '',
        status: group.status,
        formedOn: group.formedOn,
        dissolvedOn: group.dissolvedOn,
        rejectionReason: group.rejectionReason,
        createdAt: group.createdAt,
        decidedAt: group.decidedAt,
        currentMemberCount: new Set(own.filter((member) => !member.left_on).map((member) => member.firm_id)).size,
        members: ordered.map((member) =>
          Object.assign(new GroupMemberModel(), {
            id: member.id,
            firmId: member.firm_id,
            firmName: member.firm_name,
            stageProcess: member.stage_process,
            joinedOn: member.joined_on,
            leftOn: member.left_on,
          }),
        ),
      });
    });
  }
}
