import { Injectable } from '@nestjs/common';
import { notFound, PageArgs, paginate, Principal, toModel, UnitOfWork } from '@vg/core';
import { firmIdentities } from '@vg/firms';
import { VirtualGroupFilterInput } from './dto/group.inputs';
import { GroupMemberModel, VirtualGroupModel } from './dto/group.models';
import { restrictToReadableGroups, seesMembershipHistory } from './group-access';
import { VirtualGroupEntity } from './virtual-group.entity';

interface MemberRow {
  id: string;
  group_id: string;
  firm_id: string;
  stage_process: string;
  joined_on: string;
  left_on: string | null;
}

/** Reads groups with their members and firm names: a page of groups costs four queries, whatever its size. */
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

  /**
   * Models for many groups in two queries (members, then the firms' names); those a group is only released to
   * (buyers) see its current members, not the history.
   */
  async toModels(principal: Principal, groups: VirtualGroupEntity[]): Promise<VirtualGroupModel[]> {
    if (!groups.length) return [];
    const manager = this.unitOfWork.manager;
    const members: MemberRow[] = await manager.query(
      `SELECT id, group_id, firm_id, stage_process,
              to_char(joined_on, 'YYYY-MM-DD') AS joined_on, to_char(left_on, 'YYYY-MM-DD') AS left_on
         FROM group_members
        WHERE group_id = ANY($1) AND ($2 OR left_on IS NULL)`,
      [groups.map((group) => group.id), seesMembershipHistory(principal)],
    );
    const firms = await firmIdentities(manager, [
      ...groups.map((group) => group.leadFirmId),
      ...members.map((member) => member.firm_id),
    ]);
    const nameOf = (firmId: string) => firms.get(firmId)?.name ?? '';
    return groups.map((group) => {
      const stage = (member: MemberRow) => group.stageProcesses.indexOf(member.stage_process);
      // Along the chain; within a stage by join date, then firm name.
      const ordered = members
        .filter((member) => member.group_id === group.id)
        .sort(
          (a, b) =>
            stage(a) - stage(b) ||
            compareText(a.joined_on, b.joined_on) ||
            compareText(nameOf(a.firm_id), nameOf(b.firm_id)) ||
            compareText(a.id, b.id),
        );
      return toModel(VirtualGroupModel, {
        id: group.id,
        parkId: group.parkId,
        name: group.name,
        productLine: group.productLine,
        stageProcesses: group.stageProcesses,
        leadFirmId: group.leadFirmId,
        leadFirmName: nameOf(group.leadFirmId),
        status: group.status,
        formedOn: group.formedOn,
        dissolvedOn: group.dissolvedOn,
        rejectionReason: group.rejectionReason,
        createdAt: group.createdAt,
        decidedAt: group.decidedAt,
        currentMemberCount: new Set(ordered.filter((member) => !member.left_on).map((member) => member.firm_id)).size,
        members: ordered.map((member) =>
          toModel(GroupMemberModel, {
            id: member.id,
            firmId: member.firm_id,
            firmName: nameOf(member.firm_id),
            stageProcess: member.stage_process,
            joinedOn: member.joined_on,
            leftOn: member.left_on,
          }),
        ),
      });
    });
  }
}

/** UTF-16 order: how the embedded database's C.UTF-8 collation orders names, and ISO dates by time. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
