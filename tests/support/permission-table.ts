import { GraphQLSchema } from 'graphql';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The checked-in expectation: one entry per operation, e.g. `"Mutation.createFirm": "PARK_ADMIN,PLATFORM_ADMIN"`. */
export const PERMISSION_TABLE_FILE = join(__dirname, '..', 'e2e', 'access', 'permission-table.json');

export type PermissionTable = Record<string, string>;

export interface SchemaPermissions {
  table: PermissionTable;
  /** Operations whose field carries no `access` extension (no `@Roles`/`@Public`). */
  undeclared: string[];
}

/** Every Query, Mutation and Subscription field with its `access` extension, sorted by name. */
export function permissionsOfSchema(schema: GraphQLSchema): SchemaPermissions {
  const entries: [string, string][] = [];
  const undeclared: string[] = [];
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      const name = `${root.name}.${field.name}`;
      const access = field.extensions?.access;
      if (typeof access === 'string' && access.length > 0) entries.push([name, access]);
      else undeclared.push(name);
    }
  }
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { table: Object.fromEntries(entries), undeclared: undeclared.sort() };
}

export function readPermissionTable(): PermissionTable {
  return JSON.parse(readFileSync(PERMISSION_TABLE_FILE, 'utf8')) as PermissionTable;
}

/** The roles an entry allows; `null` for a public operation. */
export function allowedRoles(access: string): string[] | null {
  return access === 'PUBLIC' ? null : access.split(',');
}
