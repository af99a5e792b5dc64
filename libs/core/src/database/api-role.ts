import { createHash } from 'node:crypto';
import { Client } from 'pg';

/** The login role the api connects as when it is not given one: a member of `vg_app`, owning nothing. */
export const API_LOGIN_ROLE = 'vg_api';
/** The group role every api login is a member of: owns nothing, subject to row-level security. */
export const APP_GROUP_ROLE = 'vg_app';

/**
 * The URL the api's pool connects with. Given `apiUrl` (production: a login role the operator made a member of
 * `vg_app`), that one. Otherwise the api makes its own login role on the server of `ownerUrl` (the embedded server,
 * a development or test server): `vg_api`, a member of `vg_app`, with a password derived from the owner's
 * credentials (whoever can read it could sign in as the owner anyway). Runs after the migrations, which create
 * `vg_app`.
 */
export async function apiConnectionUrl(ownerUrl: string, apiUrl?: string | null): Promise<string> {
  if (apiUrl) return apiUrl;
  const owner = new URL(ownerUrl);
  const password = createHash('sha256')
    .update(`${API_LOGIN_ROLE}\0${decodeURIComponent(owner.username)}\0${decodeURIComponent(owner.password)}`)
    .digest('hex');
  const url = new URL(ownerUrl);
  url.username = API_LOGIN_ROLE;
  url.password = password;
  if (!(await canSignIn(url.toString()))) await createLoginRole(ownerUrl, password);
  return url.toString();
}

async function canSignIn(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ member: boolean }>(`SELECT pg_has_role('vg_app', 'MEMBER') AS member`);
    return rows[0].member;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function createLoginRole(ownerUrl: string, password: string): Promise<void> {
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    // Roles belong to the whole server and other databases on it start apis too: a lost race is fine.
    await client.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${API_LOGIN_ROLE}') THEN
          BEGIN CREATE ROLE ${API_LOGIN_ROLE} LOGIN NOBYPASSRLS;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
        END IF;
      END $$`);
    // The password is hex: nothing to escape.
    await client.query(`ALTER ROLE ${API_LOGIN_ROLE} WITH LOGIN PASSWORD '${password}'`);
    await client.query(`GRANT vg_app TO ${API_LOGIN_ROLE}`);
  } finally {
    await client.end();
  }
}
