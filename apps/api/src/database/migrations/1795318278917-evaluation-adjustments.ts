import { MigrationInterface, QueryRunner } from 'typeorm';

export class EvaluationAdjustments1795318278917 implements MigrationInterface {
  name = 'EvaluationAdjustments1795318278917';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      "CREATE TYPE \"public\".\"evaluation_adjustment_kind\" AS ENUM('ITEM', 'OVERRIDE', 'EXEMPTION')",
    );
    await queryRunner.query(
      'CREATE TABLE "evaluation_adjustments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "park_id" uuid NOT NULL, "firm_id" uuid NOT NULL, "kind" "public"."evaluation_adjustment_kind" NOT NULL, "rule_id" character varying(80) NOT NULL, "count" integer, "evidence" character varying(500) NOT NULL, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b7cac93f5de08213fca76477cab" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "evaluation_adjustments_key" ON "evaluation_adjustments"  ("round_id", "firm_id", "kind", "rule_id") ',
    );
  }

  async down(): Promise<void> {
    throw new Error('Forward-only: restore from backup or write a new migration');
  }
}
