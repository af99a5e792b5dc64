import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutputEvaluation1795312987144 implements MigrationInterface {
  name = 'OutputEvaluation1795312987144';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TYPE \"public\".\"policy_measure\" AS ENUM('ELECTRICITY_SURCHARGE', 'WATER_SURCHARGE', 'SEWAGE_SURCHARGE', 'TAX_RELIEF', 'SUBSIDY', 'ENERGY_QUOTA')",
    );
    await queryRunner.query(
      "CREATE TYPE \"public\".\"policy_basis\" AS ENUM('ELECTRICITY_KWH', 'WATER_T', 'TAX_PAID_YUAN', 'ENERGY_TCE', 'FIXED')",
    );
    await queryRunner.query(
      'CREATE TABLE "class_policies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "park_id" uuid NOT NULL, "class" character varying(20) NOT NULL, "measure" "public"."policy_measure" NOT NULL, "basis" "public"."policy_basis" NOT NULL, "rate" numeric(14,4) NOT NULL, "min_consecutive_years" smallint NOT NULL DEFAULT \'1\', "description" character varying(500) NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "retired_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_00228b227bc60ffe8946b8c1b99" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "class_policies_park_idx" ON "class_policies"  ("park_id", "class") ');
    await queryRunner.query(
      'CREATE TABLE "evaluation_schemes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "park_id" uuid, "code" character varying(80) NOT NULL, "name" character varying(200) NOT NULL, "year" smallint NOT NULL, "definition" jsonb NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_552f0d74d3662e06673b93f7d7e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "evaluation_schemes_park_idx" ON "evaluation_schemes"  ("park_id") ');
    await queryRunner.query(
      "CREATE TYPE \"public\".\"evaluation_round_status\" AS ENUM('DRAFT', 'COMPUTED', 'NOTICE', 'PUBLISHED')",
    );
    await queryRunner.query(
      'CREATE TABLE "evaluation_rounds" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "park_id" uuid NOT NULL, "year" smallint NOT NULL, "version" smallint NOT NULL, "previous_round_id" uuid, "scheme_id" uuid NOT NULL, "status" "public"."evaluation_round_status" NOT NULL, "notice_ends_at" TIMESTAMP WITH TIME ZONE, "computed_at" TIMESTAMP WITH TIME ZONE, "published_at" TIMESTAMP WITH TIME ZONE, "published_by" uuid, "firm_count" integer NOT NULL DEFAULT \'0\', "unconfirmed_sheets" integer NOT NULL DEFAULT \'0\', "summary" jsonb, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_2f89fb85254cd05489583c27c58" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "evaluation_rounds_open_key" ON "evaluation_rounds"  ("park_id", "year") WHERE "status" <> \'PUBLISHED\'',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "evaluation_rounds_version_key" ON "evaluation_rounds"  ("park_id", "year", "version") ',
    );
    await queryRunner.query("CREATE TYPE \"public\".\"objection_status\" AS ENUM('OPEN', 'ACCEPTED', 'REJECTED')");
    await queryRunner.query(
      'CREATE TABLE "evaluation_objections" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "firm_id" uuid NOT NULL, "park_id" uuid NOT NULL, "status" "public"."objection_status" NOT NULL, "reason" character varying(2000) NOT NULL, "evidence" jsonb NOT NULL, "proposed_figures" jsonb NOT NULL, "applied_figures" jsonb, "decision_reason" character varying(2000), "filed_by" uuid NOT NULL, "filed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "decided_by" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_36f05fde380e615f1c4203e9ad5" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "evaluation_objections_open_key" ON "evaluation_objections"  ("round_id", "firm_id") WHERE "status" = \'OPEN\'',
    );
    await queryRunner.query(
      'CREATE INDEX "evaluation_objections_round_idx" ON "evaluation_objections"  ("round_id", "firm_id") ',
    );
    await queryRunner.query(
      "CREATE TYPE \"public\".\"evaluation_result_status\" AS ENUM('GRADED', 'EXEMPT', 'NOT_EVALUATED')",
    );
    await queryRunner.query(
      'CREATE TABLE "evaluation_results" ("round_id" uuid NOT NULL, "firm_id" uuid NOT NULL, "park_id" uuid NOT NULL, "status" "public"."evaluation_result_status" NOT NULL, "population_id" character varying(80), "total" numeric(14,4), "rank" integer, "class" character varying(20), "input" json NOT NULL, "explanation" json NOT NULL, CONSTRAINT "PK_c8df6efe408d05f63b87af29981" PRIMARY KEY ("round_id", "firm_id"))',
    );
    await queryRunner.query('CREATE INDEX "evaluation_results_park_idx" ON "evaluation_results"  ("park_id") ');
    await queryRunner.query(
      'CREATE TABLE "policy_ledger_entries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "park_id" uuid NOT NULL, "firm_id" uuid NOT NULL, "policy_id" uuid NOT NULL, "class" character varying(20) NOT NULL, "consecutive_years" smallint NOT NULL, "measure" "public"."policy_measure" NOT NULL, "basis" "public"."policy_basis" NOT NULL, "basis_quantity" numeric(22,4), "rate" numeric(14,4) NOT NULL, "amount" numeric(22,4) NOT NULL, "unit" character varying(10) NOT NULL, CONSTRAINT "PK_d822b8bc711b1a8470d4985f505" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "policy_ledger_round_idx" ON "policy_ledger_entries"  ("round_id", "firm_id") ',
    );
    await queryRunner.query(
      "CREATE TYPE \"public\".\"import_file_type\" AS ENUM('TAX_BUREAU', 'STATISTICS', 'POWER', 'ENVIRONMENT', 'MONTHLY_OUTPUT')",
    );
    await queryRunner.query('CREATE TYPE "public"."import_format" AS ENUM(\'CSV\', \'XLSX\')');
    await queryRunner.query("CREATE TYPE \"public\".\"import_job_state\" AS ENUM('RUNNING', 'SUCCEEDED', 'FAILED')");
    await queryRunner.query(
      'CREATE TABLE "import_jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "park_id" uuid NOT NULL, "file_type" "public"."import_file_type" NOT NULL, "format" "public"."import_format" NOT NULL, "file_name" character varying(255) NOT NULL, "content_hash" character(64) NOT NULL, "byte_size" integer NOT NULL, "state" "public"."import_job_state" NOT NULL, "rows_total" integer NOT NULL DEFAULT \'0\', "rows_processed" integer NOT NULL DEFAULT \'0\', "figures_written" integer NOT NULL DEFAULT \'0\', "error_count" integer NOT NULL DEFAULT \'0\', "errors" jsonb NOT NULL DEFAULT \'[]\', "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_4d206c602f173f98e4bb85819a3" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "import_jobs_content_key" ON "import_jobs"  ("park_id", "file_type", "content_hash") WHERE "state" <> \'FAILED\'',
    );
    await queryRunner.query('CREATE INDEX "import_jobs_park_idx" ON "import_jobs"  ("park_id", "created_at") ');
    await queryRunner.query(
      "CREATE TYPE \"public\".\"annual_figure_kind\" AS ENUM('TAX_PAID', 'INDUSTRIAL_OUTPUT', 'VALUE_ADDED', 'REVENUE', 'RD_SPENDING', 'AVG_EMPLOYEES', 'ENERGY_TCE', 'ELECTRICITY', 'EMISSIONS', 'WATER')",
    );
    await queryRunner.query(
      "CREATE TYPE \"public\".\"figure_source\" AS ENUM('SELF_REPORTED', 'IMPORTED', 'PLATFORM')",
    );
    await queryRunner.query("CREATE TYPE \"public\".\"audit_state\" AS ENUM('PENDING', 'APPROVED', 'RETURNED')");
    await queryRunner.query(
      'CREATE TABLE "firm_annual_figures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "firm_id" uuid NOT NULL, "park_id" uuid NOT NULL, "year" smallint NOT NULL, "kind" "public"."annual_figure_kind" NOT NULL, "value" numeric(18,4) NOT NULL, "source" "public"."figure_source" NOT NULL, "import_job_id" uuid, "audit_state" "public"."audit_state" NOT NULL, "return_reason" character varying(500), "entered_by" uuid NOT NULL, "reviewed_by" uuid, "reviewed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "superseded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_08ed8ac376294c3bd572ce41168" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "firm_annual_figures_job_idx" ON "firm_annual_figures"  ("import_job_id") ');
    await queryRunner.query(
      'CREATE INDEX "firm_annual_figures_park_year_idx" ON "firm_annual_figures"  ("park_id", "year") WHERE "superseded_at" IS NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "firm_annual_figures_current_key" ON "firm_annual_figures"  ("firm_id", "year", "kind") WHERE "superseded_at" IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "firm_monthly_output" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "firm_id" uuid NOT NULL, "park_id" uuid NOT NULL, "month" date NOT NULL, "output_value" numeric(16,2) NOT NULL, "source" "public"."figure_source" NOT NULL, "import_job_id" uuid, "audit_state" "public"."audit_state" NOT NULL, "return_reason" character varying(500), "entered_by" uuid NOT NULL, "reviewed_by" uuid, "reviewed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "superseded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "firm_monthly_output_first_of_month" CHECK (EXTRACT(DAY FROM "month") = 1), CONSTRAINT "PK_39323a4d4efe6f7319d272b459f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "firm_monthly_output_job_idx" ON "firm_monthly_output"  ("import_job_id") ');
    await queryRunner.query(
      'CREATE INDEX "firm_monthly_output_park_month_idx" ON "firm_monthly_output"  ("park_id", "month") WHERE "superseded_at" IS NULL',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "firm_monthly_output_current_key" ON "firm_monthly_output"  ("firm_id", "month") WHERE "superseded_at" IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "firm_year_sheets" ("firm_id" uuid NOT NULL, "year" smallint NOT NULL, "park_id" uuid NOT NULL, "confirmed_at" TIMESTAMP WITH TIME ZONE, "confirmed_by" uuid, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3fed431ac5ac61846c179de8b89" PRIMARY KEY ("firm_id", "year"))',
    );
    await queryRunner.query(
      'CREATE INDEX "firm_year_sheets_park_year_idx" ON "firm_year_sheets"  ("park_id", "year") ',
    );
    await queryRunner.query(
      'ALTER TABLE "evaluation_rounds" ADD CONSTRAINT "FK_ba4f98f852d79523238f8ba5e41" FOREIGN KEY ("scheme_id") REFERENCES "evaluation_schemes"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "evaluation_objections" ADD CONSTRAINT "FK_f1540cb5451bc5de1aad7177474" FOREIGN KEY ("round_id") REFERENCES "evaluation_rounds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "evaluation_results" ADD CONSTRAINT "FK_9f6730fb1f226f0dc1b2e269e41" FOREIGN KEY ("round_id") REFERENCES "evaluation_rounds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "policy_ledger_entries" ADD CONSTRAINT "FK_4363545de5423fef4959f40da34" FOREIGN KEY ("round_id") REFERENCES "evaluation_rounds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "policy_ledger_entries" ADD CONSTRAINT "FK_478121db2f2dec660674e22f4aa" FOREIGN KEY ("policy_id") REFERENCES "class_policies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "firm_annual_figures" ADD CONSTRAINT "FK_d7be8eb58fd164b25cabdc9f981" FOREIGN KEY ("firm_id") REFERENCES "firms"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "firm_annual_figures" ADD CONSTRAINT "FK_babb8aa00c3b44e3af1e91a9e6a" FOREIGN KEY ("import_job_id") REFERENCES "import_jobs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "firm_monthly_output" ADD CONSTRAINT "FK_b1f85ea102a7b0f271869dddb7e" FOREIGN KEY ("firm_id") REFERENCES "firms"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "firm_monthly_output" ADD CONSTRAINT "FK_fb2a521d933f2a5bb8bac33633b" FOREIGN KEY ("import_job_id") REFERENCES "import_jobs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "firm_year_sheets" ADD CONSTRAINT "FK_35de2b7ac0487c79bebe3d6c61b" FOREIGN KEY ("firm_id") REFERENCES "firms"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(): Promise<void> {
    throw new Error('Forward-only: restore from backup or write a new migration');
  }
}
