import { RowSource } from '@vg/core';
import { EntityManager } from 'typeorm';

/**
 * What other contexts may read of virtual groups and their members, set-based: matching's group preference and
 * memberships, orders' preferred-group check, and the uplift and cockpit reports of a group.
 */

/** The active groups each of these firms currently belongs to (firms in none are left out). */
export async function activeMembershipsOf(
  manager: RowSource,
  firmIds: readonly string[],
): Promise<Map<string, string[]>> {
  if (!firmIds.length) return new Map();
  const rows: { firm_id: string; group_ids: string[] }[] = await manager.query(
    `SELECT m.firm_id, array_agg(DISTINCT m.group_id::text) AS group_ids
       FROM group_members m
       JOIN virtual_groups vg ON vg.id = m.group_id AND vg.status = 'ACTIVE'
      WHERE m.left_on IS NULL AND m.firm_id = ANY($1::uuid[])
      GROUP BY m.firm_id`,
    [[...new Set(firmIds)]],
  );
  return new Map(rows.map((row) => [row.firm_id, row.group_ids]));
}

/** Whether the group is active and, when a park is named, belongs to it. */
export async function isActiveGroup(manager: EntityManager, groupId: string, parkId: string | null): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `SELECT 1 FROM virtual_groups WHERE id = $1 AND status = 'ACTIVE' AND ($2::uuid IS NULL OR park_id = $2::uuid)`,
    [groupId, parkId],
  );
  return rows.length > 0;
}

export interface GroupRef {
  id: string;
  parkId: string;
  name: string;
}

/** A group's park and name, whatever its status; null when there is no such group. */
export async function groupRef(manager: EntityManager, groupId: string): Promise<GroupRef | null> {
  const [row]: GroupRef[] = await manager.query(
    'SELECT id, park_id AS "parkId", name FROM virtual_groups WHERE id = $1',
    [groupId],
  );
  return row ?? null;
}

/** The ids of every group of a park, whatever its status. */
export async function groupIdsOfPark(manager: EntityManager, parkId: string): Promise<string[]> {
  const rows: { id: string }[] = await manager.query('SELECT id FROM virtual_groups WHERE park_id = $1', [parkId]);
  return rows.map((row) => row.id);
}

export interface JoinedMember {
  firmId: string;
  /** The member's first joining of the group, `YYYY-MM-DD`. */
  joinedOn: string;
}

/**
 * The group's members that were still members after `day` (never left, or left later), each with its first joining
 * day: the firms whose uplift is the group's. In firm id order.
 */
export function membersStayingAfter(manager: EntityManager, groupId: string, day: string): Promise<JoinedMember[]> {
  return manager.query(
    `SELECT firm_id AS "firmId", to_char(MIN(joined_on), 'YYYY-MM-DD') AS "joinedOn" FROM group_members
      WHERE group_id = $1 AND (left_on IS NULL OR left_on > $2::date)
      GROUP BY firm_id ORDER BY firm_id`,
    [groupId, day],
  );
}

/** One firm's first joining of the group (whether or not it left since); null when it never was a member. */
export async function memberJoined(
  manager: EntityManager,
  groupId: string,
  firmId: string,
): Promise<JoinedMember | null> {
  const [row]: JoinedMember[] = await manager.query(
    `SELECT firm_id AS "firmId", to_char(MIN(joined_on), 'YYYY-MM-DD') AS "joinedOn" FROM group_members
      WHERE group_id = $1 AND firm_id = $2 GROUP BY firm_id`,
    [groupId, firmId],
  );
  return row ?? null;
}

/** The stages each current member holds in the group, sorted by process code. */
export async function currentMemberStages(manager: EntityManager, groupId: string): Promise<Map<string, string[]>> {
  const rows: { firm_id: string; stages: string[] }[] = await manager.query(
    `SELECT firm_id, array_agg(stage_process ORDER BY stage_process) AS stages FROM group_members
      WHERE group_id = $1 AND left_on IS NULL GROUP BY firm_id`,
    [groupId],
  );
  return new Map(rows.map((row) => [row.firm_id, row.stages]));
}

/** Every firm that is or ever was a member of the group. */
export async function everMemberFirmIds(manager: EntityManager, groupId: string): Promise<Set<string>> {
  const rows: { firm_id: string }[] = await manager.query(
    'SELECT DISTINCT firm_id FROM group_members WHERE group_id = $1',
    [groupId],
  );
  return new Set(rows.map((row) => row.firm_id));
}

/**
 * Drops membership log entries older than `seconds` (the log behind `group_firms_changed_since`, which matching's
 * quote snapshot reads): readers that were away longer rebuild instead of catching up.
 */
export async function pruneGroupMembershipChanges(source: RowSource, seconds: number): Promise<void> {
  await source.query(`DELETE FROM group_membership_changes WHERE changed_at < now() - make_interval(secs => $1)`, [
    seconds,
  ]);
}
