import { badInput, notFound, todayInChina, Tx } from '@vg/core';
import { GroupMemberInput } from './dto/group.inputs';

/**
 * Checks proposed memberships in two queries, whatever their number: each firm exists in the group's park (a firm
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
  const firmIds = [...new Set(members.map((member) => member.firmId))];
  const rows: { id: string; processes: string[] }[] = await tx.manager.query(
    `SELECT f.id, COALESCE(array_agg(fp.process_code) FILTER (WHERE fp.process_code IS NOT NULL), '{}') AS processes
       FROM firms f LEFT JOIN firm_processes fp ON fp.firm_id = f.id
      WHERE f.id = ANY($1) AND f.park_id = $2
      GROUP BY f.id`,
    [firmIds, parkId],
  );
  const processesOf = new Map(rows.map((row) => [row.id, row.processes]));
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
  const rows: { code: string }[] = await tx.manager.query(
    `SELECT code FROM processes WHERE code = ANY($1) AND (park_id IS NULL OR park_id = $2)`,
    [stageProcesses, parkId],
  );
  const unknown = stageProcesses.filter((code) => !rows.some((row) => row.code === code));
  if (unknown.length) throw badInput('stageProcesses', `Unknown process: ${unknown.join(', ')}`);
}
