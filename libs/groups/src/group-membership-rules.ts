import { badInput, notFound, todayInChina, Tx } from '@vg/core';
import { firmProcessCodes, unknownProcessCodes } from '@vg/firms';
import { GroupMemberInput } from './dto/group.inputs';

/**
 * Checks proposed memberships in one query, whatever their number: each firm exists in the group's park (a firm
 * elsewhere answers as missing), lists the stage's process, joins a stage of the chain, at most once per stage,
 * and not in the future.
 */
export async function assertMembershipsValid(
  tx: Tx,
  parkId: string,
  stageProcesses: string[],
  members: GroupMemberInput[],
  field = 'members',
): Promise<void> {
  const today = todayInChina();
  const seen = new Set<string>();
  members.forEach((member, index) => {
    if (!stageProcesses.includes(member.stageProcess)) {
      throw badInput(`${field}.${index}.stageProcess`, `${member.stageProcess} is not a stage of this group`);
    }
    if (member.joinedOn > today) throw badInput(`${field}.${index}.joinedOn`, 'A join date cannot be in the future');
    const key = `${member.firmId}|${member.stageProcess}`;
    if (seen.has(key)) throw badInput(`${field}.${index}`, 'A firm joins each stage at most once');
    seen.add(key);
  });
  if (!members.length) return;
  const processesOf = await firmProcessCodes(
    tx.manager,
    parkId,
    members.map((member) => member.firmId),
  );
  members.forEach((member, index) => {
    const processes = processesOf.get(member.firmId);
    if (!processes) throw notFound('Firm');
    if (!processes.includes(member.stageProcess)) {
      throw badInput(
        `${field}.${index}.stageProcess`,
        `The firm does not list ${member.stageProcess} among its processes; add it to the profile first`,
      );
    }
  });
}

/** Every stage must be a catalogue process the park may use (shared, or the park's own). */
export async function assertStagesKnown(tx: Tx, parkId: string, stageProcesses: string[]): Promise<void> {
  const unknown = await unknownProcessCodes(tx.manager, parkId, stageProcesses);
  if (unknown.length) throw badInput('stageProcesses', `Unknown process: ${unknown.join(', ')}`);
}
