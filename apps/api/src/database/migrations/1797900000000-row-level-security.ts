import { MigrationInterface, QueryRunner } from 'typeorm';
import { buyerPolicy, firmPrivatePolicy, identityPolicy, parkOrSharedPolicy, parkPolicy } from '../row-security';

/** Tables whose every row belongs to one park (`park_id NOT NULL`). */
const PARK_TABLES = [
  'firms',
  'firm_processes',
  'firm_scales',
  'firm_certifications',
  'capacity_listings',
  'capacity_slots',
  'virtual_groups',
  'group_members',
  'proposals',
  'progress_reports',
  'order_participants',
  'replan_jobs',
  'class_policies',
  'evaluation_rounds',
  'evaluation_objections',
  'evaluation_adjustments',
  'policy_ledger_entries',
  'import_jobs',
  'platform_output_facts',
  'audit_events',
];

/** A firm's private figures (tax, revenue, energy, output, land, its evaluation input and result). */
const FIRM_PRIVATE_TABLES = [
  'firm_annual_figures',
  'firm_monthly_output',
  'firm_year_sheets',
  'land_plots',
  'evaluation_results',
];

/** Reference data: shared rows have no park, a park's own entries are its. */
const PARK_OR_SHARED_TABLES = ['processes', 'evaluation_schemes'];

/** Identity's tables with a park, read before the caller is known. */
const IDENTITY_TABLES = ['users', 'invitations'];

/**
 * Row-level security as the backstop under every service's own scoping. Two group roles: `vg_app`, the api's
 * (it owns nothing and is subject to the policies; its login role is a member) and `vg_system` (BYPASSRLS), which
 * `vg_app` may assume with `SET LOCAL ROLE` — the api does so only inside system-scope code, for `COPY FROM`, which
 * PostgreSQL refuses on a table with row-level security to a role subject to it. Migrations run as the owner, who
 * is not subject to the policies (they are enabled, not forced). Each pooled connection is told its scope at
 * checkout (`vg.scope`, `vg.park_id`, `vg.firm_id`, `vg.buyer_org_id`: libs/core/src/database/database-scope.ts).
 */
export class RowLevelSecurity1797900000000 implements MigrationInterface {
  name = 'RowLevelSecurity1797900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Roles belong to the whole server: another database on it may have made them (or be making them right now).
    await queryRunner.query(`
      DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vg_app') THEN
          BEGIN CREATE ROLE vg_app NOLOGIN NOBYPASSRLS;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
        END IF;
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vg_system') THEN
          BEGIN CREATE ROLE vg_system NOLOGIN BYPASSRLS;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
        END IF;
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'The migration role may not create roles: create vg_app (NOLOGIN) and vg_system (NOLOGIN BYPASSRLS) as a superuser first (README, Running in production)';
      END $$`);
    await queryRunner.query(`
      DO $$ BEGIN
        IF NOT pg_has_role('vg_app', 'vg_system', 'MEMBER') THEN GRANT vg_system TO vg_app; END IF;
      EXCEPTION WHEN unique_violation THEN NULL;
      END $$`);
    for (const role of ['vg_app', 'vg_system']) {
      await queryRunner.query(`GRANT USAGE ON SCHEMA public TO ${role}`);
      await queryRunner.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
      await queryRunner.query(`GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
      // Tables later migrations create get the same grants (they run as this same owner).
      await queryRunner.query(
        `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
      );
      await queryRunner.query(
        `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO ${role}`,
      );
    }
    await queryRunner.query(
      `CREATE FUNCTION vg_scope() RETURNS text LANGUAGE sql STABLE AS $$ SELECT coalesce(current_setting('vg.scope', true), '') $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION vg_scope_id(setting text) RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting(setting, true), '')::uuid $$`,
    );
    // Whose reach crosses the park: the platform, owners and buyers (a buyer's quote reads every park's capacity;
    // an owner's re-quote after a decline may go to another park), and system work.
    await queryRunner.query(
      `CREATE FUNCTION vg_reaches_every_park() RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT vg_scope() IN ('system', 'PLATFORM_ADMIN', 'SME_OWNER', 'BUYER') $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION vg_reaches_every_firm() RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT vg_scope() IN ('system', 'PLATFORM_ADMIN', 'PARK_ADMIN') $$`,
    );
    await queryRunner.query(
      `CREATE FUNCTION vg_reaches_every_buyer() RETURNS boolean LANGUAGE sql STABLE AS $$ SELECT vg_scope() IN ('system', 'PLATFORM_ADMIN', 'PARK_ADMIN', 'SME_OWNER') $$`,
    );
    const statements = [
      ...PARK_TABLES.flatMap(parkPolicy),
      ...FIRM_PRIVATE_TABLES.flatMap(firmPrivatePolicy),
      ...PARK_OR_SHARED_TABLES.flatMap(parkOrSharedPolicy),
      ...IDENTITY_TABLES.flatMap(identityPolicy),
      ...buyerPolicy('orders'),
    ];
    for (const statement of statements) await queryRunner.query(statement);
  }

  async down(): Promise<void> {
    throw new Error('Forward-only: restore from backup or write a new migration');
  }
}
