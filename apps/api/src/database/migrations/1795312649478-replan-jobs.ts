import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReplanJobs1795312649478 implements MigrationInterface {
  name = 'ReplanJobs1795312649478';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TYPE \"public\".\"replan_job_status\" AS ENUM('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')",
    );
    await queryRunner.query(
      'CREATE TABLE "replan_jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "park_id" uuid NOT NULL, "requested_by" uuid NOT NULL, "status" "public"."replan_job_status" NOT NULL, "progress" numeric(5,4) NOT NULL DEFAULT \'0\', "phase" character varying(40), "cancel_requested" boolean NOT NULL DEFAULT false, "options" jsonb NOT NULL, "result" jsonb, "error" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_cb773cf26bdb611f7a646862bf7" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "replan_jobs_park_idx" ON "replan_jobs"  ("park_id", "created_at") ');
  }

  async down(): Promise<void> {
    throw new Error('Forward-only: restore from backup or write a new migration');
  }
}
