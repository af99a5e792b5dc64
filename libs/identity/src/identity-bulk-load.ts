import { Role } from '@vg/core';
import { EntityManager } from 'typeorm';

/** A user as a bulk load (the demo) gives it: the password already hashed. */
export interface UserToLoad {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string;
  role: Role | `${Role}`;
  parkId: string | null;
  firmId: string | null;
  buyerOrgId: string | null;
}

/** Writes many buyer organisations at once, in one statement. */
export async function loadBuyerOrganisations(
  manager: EntityManager,
  organisations: { id: string; name: string }[],
): Promise<void> {
  await manager.query('INSERT INTO buyer_organisations (id, name) SELECT * FROM unnest($1::uuid[], $2::varchar[])', [
    organisations.map((organisation) => organisation.id),
    organisations.map((organisation) => organisation.name),
  ]);
}

/** Writes many users at once, in one statement. */
export async function loadUsers(manager: EntityManager, users: UserToLoad[]): Promise<void> {
  await manager.query(
    `INSERT INTO users (id, email, display_name, password_hash, role, park_id, firm_id, buyer_org_id)
     SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::varchar[], $5::user_role[], $6::uuid[],
                          $7::uuid[], $8::uuid[])`,
    [
      users.map((user) => user.id),
      users.map((user) => user.email),
      users.map((user) => user.displayName),
      users.map((user) => user.passwordHash),
      users.map((user) => user.role),
      users.map((user) => user.parkId),
      users.map((user) => user.firmId),
      users.map((user) => user.buyerOrgId),
    ],
  );
}
