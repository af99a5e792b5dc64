import { EntityManager } from 'typeorm';

/** What another context may show of a user who acted: their display name and email (never a credential). */
export interface UserLabel {
  id: string;
  displayName: string;
  email: string;
}

/** The users of these ids that exist, in one query. */
export async function userLabels(manager: EntityManager, userIds: readonly string[]): Promise<Map<string, UserLabel>> {
  if (!userIds.length) return new Map();
  const rows: UserLabel[] = await manager.query(
    'SELECT id, display_name AS "displayName", email FROM users WHERE id = ANY($1::uuid[])',
    [[...new Set(userIds)]],
  );
  return new Map(rows.map((user) => [user.id, user]));
}
