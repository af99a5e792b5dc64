import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in sessions (refresh-token families), token versions and disabled accounts, the atomic sign-in throttle
 * (replacing login_attempts), and the shared rate-limit counters. Existing refresh tokens belong to no session and
 * are dropped: everyone signs in once more.
 */
export class SessionsThrottlesRateLimits1796312028923 implements MigrationInterface {
  name = 'SessionsThrottlesRateLimits1796312028923';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "rate_limit_buckets" ("bucket" character varying(60) NOT NULL, "subject" character varying(100) NOT NULL, "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "hits" integer NOT NULL, CONSTRAINT "PK_ad073770eb9992e118ddcb81322" PRIMARY KEY ("bucket", "subject"))',
    );
    await queryRunner.query(
      'CREATE TABLE "auth_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_version" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "end_reason" character varying(40), CONSTRAINT "PK_641507381f32580e8479efc36cd" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "auth_sessions_user_idx" ON "auth_sessions"  ("user_id") ');
    await queryRunner.query(
      'CREATE TABLE "login_throttles" ("account" character varying(254) NOT NULL, "address" character varying(64) NOT NULL, "failures" integer NOT NULL, "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_327c2f0b7fc4dabcf46eb085b78" PRIMARY KEY ("account", "address"))',
    );
    await queryRunner.query(
      'CREATE TABLE "login_address_throttles" ("address" character varying(64) NOT NULL, "window_started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "attempts" integer NOT NULL, CONSTRAINT "PK_75cdbea78df3c1d7e251ff37d21" PRIMARY KEY ("address"))',
    );
    await queryRunner.query('DELETE FROM "refresh_tokens"');
    await queryRunner.query('ALTER TABLE "refresh_tokens" ADD "session_id" uuid NOT NULL');
    await queryRunner.query('ALTER TABLE "users" ADD "token_version" integer NOT NULL DEFAULT \'1\'');
    await queryRunner.query('ALTER TABLE "users" ADD "disabled_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('CREATE INDEX "refresh_tokens_session_idx" ON "refresh_tokens"  ("session_id") ');
    await queryRunner.query(
      'CREATE INDEX "login_throttles_address_idx" ON "login_throttles"  ("address", "next_attempt_at") ',
    );
    await queryRunner.query(
      'CREATE INDEX "login_address_throttles_window_idx" ON "login_address_throttles"  ("window_started_at") ',
    );
    await queryRunner.query('DROP TABLE "login_attempts"');
    // Whoever changes what a token vouches for (role, tenant, password, disabled), the old tokens stop working.
    await queryRunner.query(`
      CREATE FUNCTION users_bump_token_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.role IS DISTINCT FROM OLD.role
          OR NEW.park_id IS DISTINCT FROM OLD.park_id
          OR NEW.firm_id IS DISTINCT FROM OLD.firm_id
          OR NEW.buyer_org_id IS DISTINCT FROM OLD.buyer_org_id
          OR NEW.password_hash IS DISTINCT FROM OLD.password_hash
          OR NEW.disabled_at IS DISTINCT FROM OLD.disabled_at THEN
          NEW.token_version := OLD.token_version + 1;
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      'CREATE TRIGGER users_token_version BEFORE UPDATE ON "users" FOR EACH ROW EXECUTE FUNCTION users_bump_token_version()',
    );
  }

  async down(): Promise<void> {
    throw new Error('Forward-only: restore from backup or write a new migration');
  }
}
