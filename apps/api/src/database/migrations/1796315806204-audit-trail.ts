import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail: who changed land, scale, figures, adjustments, objection decisions, schemes, policies and
 * memberships, when, from what to what and why. Append-only, enforced by the database: UPDATE, DELETE and TRUNCATE
 * are refused whoever asks (the services never try; this is the backstop against a forgotten WHERE or a hand-typed
 * statement).
 */
export class AuditTrail1796315806204 implements MigrationInterface {
  name = 'AuditTrail1796315806204';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TYPE \"public\".\"audit_subject\" AS ENUM('LAND_PLOT', 'FIRM_SCALE', 'ANNUAL_FIGURE', 'MONTHLY_OUTPUT', 'ADJUSTMENT', 'OBJECTION', 'SCHEME', 'CLASS_POLICY', 'GROUP_MEMBERSHIP')",
    );
    await queryRunner.query(
      "CREATE TYPE \"public\".\"audit_action\" AS ENUM('CREATED', 'CHANGED', 'REMOVED', 'DECIDED')",
    );
    await queryRunner.query(
      'CREATE TABLE "audit_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sequence" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "park_id" uuid, "firm_id" uuid, "round_id" uuid, "year" smallint, "subject" "public"."audit_subject" NOT NULL, "subject_id" character varying(100) NOT NULL, "action" "public"."audit_action" NOT NULL, "actor_id" uuid NOT NULL, "actor_role" "public"."user_role" NOT NULL, "import_job_id" uuid, "before" jsonb, "after" jsonb, "reason" character varying(2000), CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "audit_events_round_idx" ON "audit_events"  ("round_id", "sequence") ');
    await queryRunner.query('CREATE INDEX "audit_events_firm_idx" ON "audit_events"  ("firm_id", "sequence") ');
    await queryRunner.query('CREATE INDEX "audit_events_park_idx" ON "audit_events"  ("park_id", "sequence") ');
    await queryRunner.query(`
      CREATE FUNCTION audit_events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only (% refused)', TG_OP USING ERRCODE = '55000';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_events_never_truncated BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_refuse_change()`);
  }

  async down(): Promise<void> {
    throw new Error('Forward-only: restore from backup or write a new migration');
  }
}
