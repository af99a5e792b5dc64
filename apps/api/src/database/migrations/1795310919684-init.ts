import { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795310919684 implements MigrationInterface {
  name = 'Init1795310919684';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "parks" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "region_code" character(6) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_035f21558c39565edbf33f03210" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "buyer_organisations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_37ded69b1173433580d78c572e6" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      "CREATE TYPE \"public\".\"user_role\" AS ENUM('PLATFORM_ADMIN', 'PARK_ADMIN', 'SME_OWNER', 'BUYER')",
    );
    await queryRunner.query(
      'CREATE TABLE "invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" character(64) NOT NULL, "email" character varying(254) NOT NULL, "role" "public"."user_role" NOT NULL, "park_id" uuid, "firm_id" uuid, "invited_by" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5dec98cfdfd562e4ad3648bbb07" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations"  ("token_hash") ');
    await queryRunner.query(
      'CREATE TABLE "login_attempts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "account" character varying(254) NOT NULL, "ip" character varying(64) NOT NULL, "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_070e613c8f768b1a70742705c5b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "login_attempts_ip_idx" ON "login_attempts"  ("ip", "attempted_at") ');
    await queryRunner.query(
      'CREATE INDEX "login_attempts_account_idx" ON "login_attempts"  ("account", "attempted_at") ',
    );
    await queryRunner.query(
      'CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "refresh_tokens_hash_key" ON "refresh_tokens"  ("token_hash") ');
    await queryRunner.query(
      'CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "display_name" character varying(100) NOT NULL, "password_hash" character varying(255) NOT NULL, "role" "public"."user_role" NOT NULL, "park_id" uuid, "firm_id" uuid, "buyer_org_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "users_email_key" ON "users"  ("email") ');
    await queryRunner.query(
      'CREATE TABLE "firms" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "park_id" uuid NOT NULL, "uscc" character(18) NOT NULL, "name" character varying(200) NOT NULL, "industry_code" character(2) NOT NULL, "industry_group" character varying(50) NOT NULL, "employees" integer NOT NULL, "address" character varying(300) NOT NULL, "joined_on" date NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c9d50a09ac204d1a705685718de" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "firms_park_idx" ON "firms"  ("park_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "firms_uscc_key" ON "firms"  ("uscc") ');
    await queryRunner.query(
      'CREATE TABLE "processes" ("code" character varying(40) NOT NULL, "name_zh" character varying(50) NOT NULL, "name_en" character varying(80) NOT NULL, "park_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_beaffc4aa5e9dfe234b337d11f1" PRIMARY KEY ("code"))',
    );
    await queryRunner.query(
      'CREATE TABLE "firm_processes" ("firm_id" uuid NOT NULL, "process_code" character varying(40) NOT NULL, "park_id" uuid NOT NULL, CONSTRAINT "PK_f1a99a76c126f45225171f2572b" PRIMARY KEY ("firm_id", "process_code"))',
    );
    await queryRunner.query(
      'CREATE INDEX "firm_processes_process_idx" ON "firm_processes"  ("process_code", "park_id") ',
    );
    await queryRunner.query('CREATE TYPE "public"."firm_scale" AS ENUM(\'ABOVE\', \'BELOW\')');
    await queryRunner.query(
      'CREATE TABLE "firm_scales" ("firm_id" uuid NOT NULL, "year" smallint NOT NULL, "park_id" uuid NOT NULL, "scale" "public"."firm_scale" NOT NULL, CONSTRAINT "PK_e5c900018aba6b5698cb3ff9735" PRIMARY KEY ("firm_id", "year"))',
    );
    await queryRunner.query('CREATE TYPE "public"."land_tenure" AS ENUM(\'OWNED\', \'LEASED\')');
    await queryRunner.query(
      'CREATE TABLE "land_plots" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "firm_id" uuid NOT NULL, "park_id" uuid NOT NULL, "certificate_no" character varying(100) NOT NULL, "area_m2" numeric(14,2) NOT NULL, "tenure" "public"."land_tenure" NOT NULL, "lessor" character varying(200), CONSTRAINT "PK_dee1ae6597eab4f620b2a7f93fe" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "land_plots_firm_idx" ON "land_plots"  ("firm_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "land_plots_certificate_key" ON "land_plots"  ("certificate_no") ');
    await queryRunner.query(
      'ALTER TABLE "firms" ADD CONSTRAINT "FK_c2e2c424b870343ed1845db5988" FOREIGN KEY ("park_id") REFERENCES "parks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "firm_processes" ADD CONSTRAINT "FK_f2ffd7b6e25c8f94dc753220088" FOREIGN KEY ("firm_id") REFERENCES "firms"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "firm_processes" ADD CONSTRAINT "FK_5449e768a414f268fb093993dc2" FOREIGN KEY ("process_code") REFERENCES "processes"("code") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "firm_scales" ADD CONSTRAINT "FK_2593f2230c9b12346c52317199f" FOREIGN KEY ("firm_id") REFERENCES "firms"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "land_plots" ADD CONSTRAINT "FK_c10c3256040ed3d2fa89d77600e" FOREIGN KEY ("firm_id") REFERENCES "firms"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(): Promise<void> {
    throw new Error('Forward-only: restore from backup or write a new migration');
  }
}
