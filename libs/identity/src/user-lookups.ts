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

/** Whom an event is addressed to, by role: owners of firms (or of every firm in parks), park admins, buyers. */
export interface UserAudience {
  ownersOfFirms?: readonly string[];
  ownersInParks?: readonly string[];
  adminsOfParks?: readonly string[];
  buyersOfOrgs?: readonly string[];
}

/** The enabled users an audience names, in one query (a notification's recipients). */
export async function usersInAudience(manager: EntityManager, audience: UserAudience): Promise<UserLabel[]> {
  return manager.query(
    `SELECT id, display_name AS "displayName", email FROM users
      WHERE disabled_at IS NULL
        AND ((role = 'SME_OWNER' AND (firm_id = ANY($1::uuid[]) OR park_id = ANY($2::uuid[])))
          OR (role = 'PARK_ADMIN' AND park_id = ANY($3::uuid[]))
          OR (role = 'BUYER' AND buyer_org_id = ANY($4::uuid[])))
      ORDER BY id`,
    [
      audience.ownersOfFirms ?? [],
      audience.ownersInParks ?? [],
      audience.adminsOfParks ?? [],
      audience.buyersOfOrgs ?? [],
    ],
  );
}
