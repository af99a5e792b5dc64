import { Injectable } from '@nestjs/common';
import { AuditAction, auditActor, AuditSubject, recordAudit } from '@vg/audit';
import {
  badInput,
  conflict,
  forbidden,
  manageAudience,
  mayManage,
  mayRead,
  notFound,
  Principal,
  Resource,
  todayInChina,
  Tx,
  UnitOfWork,
} from '@vg/core';
import { firmIdentities } from '@vg/firms';
import { IsNull } from 'typeorm';
import { AddGroupMemberInput, EndGroupMembershipInput, FormVirtualGroupInput } from './dto/group.inputs';
import { groupTenancy } from './group-access';
import { groupEvent } from './group-events';
import { GroupMemberEntity } from './group-member.entity';
import { assertMembershipsValid, assertStagesKnown } from './group-membership-rules';
import { GroupStatus, VirtualGroupEntity } from './virtual-group.entity';

/**
 * A group's life: formed by a park admin (active at once) or proposed by its lead firm (waiting for the admin),
 * approved or rejected, members joining and leaving per stage, dissolved. Memberships are never deleted.
 */
@Injectable()
export class VirtualGroupsService {
  constructor(private readonly unitOfWork: UnitOfWork) {}

  form(principal: Principal, input: FormVirtualGroupInput): Promise<VirtualGroupEntity> {
    // An owner manages the groups their own firm leads: that is the lead unless they name it.
    const audience = manageAudience(principal, Resource.GROUP);
    const leadFirmId = input.leadFirmId ?? (audience.reach === 'FIRM' ? audience.firmId : null);
    if (!leadFirmId) throw badInput('leadFirmId', 'leadFirmId is required');
    return this.unitOfWork.run(async (tx) => {
      const lead = (await firmIdentities(tx.manager, [leadFirmId])).get(leadFirmId);
      if (!lead || !mayManage(principal, Resource.GROUP, { parkIds: [lead.parkId], firmIds: [lead.id] })) {
        throw notFound('Firm');
      }
      await assertStagesKnown(tx, lead.parkId, input.stageProcesses);
      await assertMembershipsValid(tx, lead.parkId, input.stageProcesses, input.members);
      const name = input.name.trim();
      await this.assertNameFree(tx, lead.parkId, name);
      // Formed by its park, a group is active at once; proposed by its lead firm, it waits for the park.
      const byAdmin = mayManage(principal, Resource.PARK, { parkIds: [lead.parkId] });
      const group = await tx.manager.save(
        tx.manager.create(VirtualGroupEntity, {
          parkId: lead.parkId,
          name,
          productLine: input.productLine.trim(),
          stageProcesses: input.stageProcesses,
          leadFirmId: lead.id,
          status: byAdmin ? GroupStatus.ACTIVE : GroupStatus.PENDING_APPROVAL,
          formedOn: byAdmin ? todayInChina() : null,
          createdBy: principal.userId,
          decidedBy: byAdmin ? principal.userId : null,
          decidedAt: byAdmin ? new Date() : null,
        }),
      );
      if (input.members.length) {
        const members = await tx.manager.save(
          input.members.map((member) =>
            tx.manager.create(GroupMemberEntity, {
              groupId: group.id,
              parkId: group.parkId,
              firmId: member.firmId,
              stageProcess: member.stageProcess,
              joinedOn: member.joinedOn,
            }),
          ),
        );
        await recordAudit(
          tx,
          auditActor(principal),
          members.map((member) => membershipAudit(member, null)),
        );
      }
      const memberFirmIds = input.members.map((member) => member.firmId);
      tx.publishAfterCommit(groupEvent(byAdmin ? 'GROUP_FORMED' : 'GROUP_PROPOSED', group, memberFirmIds));
      return group;
    });
  }

  approve(principal: Principal, groupId: string): Promise<VirtualGroupEntity> {
    return this.decide(principal, groupId, async (tx, group) => {
      this.assertStatus(group, [GroupStatus.PENDING_APPROVAL], 'approved');
      Object.assign(group, { status: GroupStatus.ACTIVE, formedOn: todayInChina() });
      await tx.manager.save(group);
      tx.publishAfterCommit(groupEvent('GROUP_APPROVED', group, await this.currentMemberFirms(tx, group.id)));
    });
  }

  /** A rejected group's proposed memberships end the same day: they never took effect, and the record says so. */
  reject(principal: Principal, groupId: string, reason: string): Promise<VirtualGroupEntity> {
    return this.decide(principal, groupId, async (tx, group) => {
      this.assertStatus(group, [GroupStatus.PENDING_APPROVAL], 'rejected');
      Object.assign(group, { status: GroupStatus.REJECTED, rejectionReason: reason.trim() });
      await tx.manager.save(group);
      const firms = await this.endAllMemberships(tx, principal, group.id, todayInChina(), group.rejectionReason);
      tx.publishAfterCommit(groupEvent('GROUP_REJECTED', group, firms, { reason: group.rejectionReason }));
    });
  }

  dissolve(principal: Principal, groupId: string): Promise<VirtualGroupEntity> {
    return this.decide(principal, groupId, async (tx, group) => {
      this.assertStatus(group, [GroupStatus.ACTIVE], 'dissolved');
      const today = todayInChina();
      Object.assign(group, { status: GroupStatus.DISSOLVED, dissolvedOn: today });
      await tx.manager.save(group);
      const firms = await this.endAllMemberships(tx, principal, group.id, today, 'The group was dissolved');
      tx.publishAfterCommit(groupEvent('GROUP_DISSOLVED', group, firms));
    });
  }

  addMember(principal: Principal, input: AddGroupMemberInput): Promise<GroupMemberEntity> {
    return this.unitOfWork.run(async (tx) => {
      const group = await this.lockGroup(tx, principal, input.groupId);
      if (!mayManage(principal, Resource.GROUP, groupTenancy(group))) {
        throw forbidden('Only the park admin or the lead firm adds members');
      }
      this.assertStatus(group, [GroupStatus.PENDING_APPROVAL, GroupStatus.ACTIVE], 'joined');
      await assertMembershipsValid(tx, group.parkId, group.stageProcesses, [input], 'input');
      const current = await tx.manager.exists(GroupMemberEntity, {
        where: { groupId: group.id, firmId: input.firmId, stageProcess: input.stageProcess, leftOn: IsNull() },
      });
      if (current) throw conflict('The firm is already a member for this stage', 'firmId');
      const member = await tx.manager.save(
        tx.manager.create(GroupMemberEntity, {
          groupId: group.id,
          parkId: group.parkId,
          firmId: input.firmId,
          stageProcess: input.stageProcess,
          joinedOn: input.joinedOn,
        }),
      );
      await recordAudit(tx, auditActor(principal), [membershipAudit(member, null)]);
      tx.publishAfterCommit(groupEvent('MEMBER_JOINED', group, [member.firmId], { stageProcess: member.stageProcess }));
      return member;
    });
  }

  /** The park admin, the lead firm or the member firm itself ends a membership; the row stays as history. */
  endMembership(principal: Principal, input: EndGroupMembershipInput): Promise<GroupMemberEntity> {
    return this.unitOfWork.run(async (tx) => {
      const member = await tx.manager.findOne(GroupMemberEntity, {
        where: { id: input.memberId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!member) throw notFound('Group member');
      const group = await this.lockGroup(tx, principal, member.groupId).catch(() => {
        throw notFound('Group member');
      });
      // A member firm may leave on its own: its memberships are the firm's to manage too.
      const ownMembership = mayManage(principal, Resource.FIRM, { parkIds: [member.parkId], firmIds: [member.firmId] });
      if (!mayManage(principal, Resource.GROUP, groupTenancy(group)) && !ownMembership) throw notFound('Group member');
      if (member.leftOn) throw conflict(`The membership already ended on ${member.leftOn}`, 'memberId');
      if (input.leftOn < member.joinedOn) throw badInput('leftOn', 'A membership cannot end before it began');
      if (input.leftOn > todayInChina()) throw badInput('leftOn', 'A membership cannot end in the future');
      const before = { ...member };
      member.leftOn = input.leftOn;
      await tx.manager.update(GroupMemberEntity, { id: member.id }, { leftOn: member.leftOn });
      await recordAudit(tx, auditActor(principal), [membershipAudit(member, before)]);
      tx.publishAfterCommit(groupEvent('MEMBER_LEFT', group, [member.firmId], { stageProcess: member.stageProcess }));
      return member;
    });
  }

  private decide(
    principal: Principal,
    groupId: string,
    change: (tx: Tx, group: VirtualGroupEntity) => Promise<void>,
  ): Promise<VirtualGroupEntity> {
    return this.unitOfWork.run(async (tx) => {
      const group = await this.lockGroup(tx, principal, groupId);
      // Approving, rejecting and dissolving are the park's decisions, never the lead firm's.
      if (!mayManage(principal, Resource.PARK, { parkIds: [group.parkId] })) throw notFound('Virtual group');
      Object.assign(group, { decidedBy: principal.userId, decidedAt: new Date() });
      await change(tx, group);
      return group;
    });
  }

  /** Locks the group for the rest of the transaction; a group the caller may not see answers as missing. */
  private async lockGroup(tx: Tx, principal: Principal, groupId: string): Promise<VirtualGroupEntity> {
    const group = await tx.manager.findOne(VirtualGroupEntity, {
      where: { id: groupId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!group || !mayRead(principal, Resource.GROUP, groupTenancy(group, await this.memberFirmsEver(tx, groupId)))) {
      throw notFound('Virtual group');
    }
    return group;
  }

  private assertStatus(group: VirtualGroupEntity, allowed: GroupStatus[], verb: string): void {
    if (!allowed.includes(group.status)) throw conflict(`A group that is ${group.status} cannot be ${verb}`, 'status');
  }

  private async assertNameFree(tx: Tx, parkId: string, name: string): Promise<void> {
    const taken: unknown[] = await tx.manager.query(
      `SELECT 1 FROM virtual_groups WHERE park_id = $1 AND name = $2 AND status IN ('PENDING_APPROVAL', 'ACTIVE')`,
      [parkId, name],
    );
    if (taken.length) throw conflict('The park already has a live group of this name', 'name');
  }

  /** Every firm that is or was a member of the group. */
  private async memberFirmsEver(tx: Tx, groupId: string): Promise<string[]> {
    const rows: { firm_id: string }[] = await tx.manager.query(
      'SELECT DISTINCT firm_id FROM group_members WHERE group_id = $1',
      [groupId],
    );
    return rows.map((row) => row.firm_id);
  }

  private async currentMemberFirms(tx: Tx, groupId: string): Promise<string[]> {
    const rows: { firm_id: string }[] = await tx.manager.query(
      `SELECT DISTINCT firm_id FROM group_members WHERE group_id = $1 AND left_on IS NULL`,
      [groupId],
    );
    return rows.map((row) => row.firm_id);
  }

  /** Ends every open membership on `day` (or on its join day, if that is later); returns the firms concerned. */
  private async endAllMemberships(
    tx: Tx,
    principal: Principal,
    groupId: string,
    day: string,
    reason: string | null,
  ): Promise<string[]> {
    const open = await tx.manager.find(GroupMemberEntity, { where: { groupId, leftOn: IsNull() } });
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [rows]: [{ id: string; left_on: string }[], number] = await tx.manager.query(
      `UPDATE group_members SET left_on = GREATEST(joined_on, $2::date)
        WHERE group_id = $1 AND left_on IS NULL RETURNING id, to_char(left_on, 'YYYY-MM-DD') AS left_on`,
      [groupId, day],
    );
    const leftOn = new Map(rows.map((row) => [row.id, row.left_on]));
    await recordAudit(
      tx,
      auditActor(principal),
      open.map((member) => ({ ...membershipAudit({ ...member, leftOn: leftOn.get(member.id)! }, member), reason })),
    );
    return [...new Set(open.map((member) => member.firmId))];
  }
}

/** A membership's audit entry: created (no `before`) or ended. */
function membershipAudit(member: GroupMemberEntity, before: GroupMemberEntity | null) {
  const record = (row: GroupMemberEntity) => ({
    groupId: row.groupId,
    stageProcess: row.stageProcess,
    joinedOn: row.joinedOn,
    leftOn: row.leftOn ?? null,
  });
  return {
    parkId: member.parkId,
    firmId: member.firmId,
    subject: AuditSubject.GROUP_MEMBERSHIP,
    subjectId: member.id,
    action: before ? AuditAction.CHANGED : AuditAction.CREATED,
    before: before && record(before),
    after: record(member),
  };
}
