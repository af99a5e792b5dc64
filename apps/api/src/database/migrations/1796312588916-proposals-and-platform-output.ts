import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One name for an offer of work to a firm: `allocations` becomes `proposals` (with its days, its status type, the
 * progress reports' reference, and every index and constraint named after it), renamed in place so no row moves.
 * Proposals keep their order's buyer organisation, so a buyer's reach is one predicate. And platform output gets
 * its fact table, written at delivery from now on and filled here from the proposals already delivered.
 */
export class ProposalsAndPlatformOutput1796312588916 implements MigrationInterface {
  name = 'ProposalsAndPlatformOutput1796312588916';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TYPE "public"."allocation_status" RENAME TO "proposal_status"');
    await queryRunner.query('ALTER TABLE "allocations" RENAME TO "proposals"');
    await queryRunner.query(
      'ALTER TABLE "proposals" RENAME CONSTRAINT "PK_ca63099fc248466264af0fa6f1f" TO "PK_db524c8db8e126a38a2f16d8cac"',
    );
    await queryRunner.query('ALTER INDEX "allocations_order_idx" RENAME TO "proposals_order_idx"');
    await queryRunner.query('ALTER INDEX "allocations_firm_status_idx" RENAME TO "proposals_firm_status_idx"');
    await queryRunner.query('ALTER INDEX "allocations_park_status_idx" RENAME TO "proposals_park_status_idx"');
    await queryRunner.query('ALTER INDEX "allocations_listing_idx" RENAME TO "proposals_listing_idx"');

    await queryRunner.query('ALTER TABLE "allocation_days" RENAME TO "proposal_days"');
    await queryRunner.query('ALTER TABLE "proposal_days" RENAME COLUMN "allocation_id" TO "proposal_id"');
    await queryRunner.query(
      'ALTER TABLE "proposal_days" RENAME CONSTRAINT "PK_682742a212e00a26ce4e89ab85e" TO "PK_a96b22afb10dfd6a95b3336ab68"',
    );
    await queryRunner.query(
      'ALTER TABLE "proposal_days" RENAME CONSTRAINT "FK_314882d08880203b2363741ea08" TO "FK_455d792135b7d08bab326b19b0e"',
    );
    await queryRunner.query('ALTER INDEX "allocation_days_slot_idx" RENAME TO "proposal_days_slot_idx"');

    await queryRunner.query('ALTER TABLE "progress_reports" RENAME COLUMN "allocation_id" TO "proposal_id"');
    await queryRunner.query(
      'ALTER INDEX "progress_reports_allocation_date_key" RENAME TO "progress_reports_proposal_date_key"',
    );

    await queryRunner.query('ALTER TABLE "proposals" ADD "buyer_org_id" uuid');
    await queryRunner.query(
      'UPDATE "proposals" p SET "buyer_org_id" = o."buyer_org_id" FROM "orders" o WHERE o."id" = p."order_id"',
    );
    await queryRunner.query('ALTER TABLE "proposals" ALTER COLUMN "buyer_org_id" SET NOT NULL');
    await queryRunner.query('CREATE INDEX "proposals_buyer_org_idx" ON "proposals"  ("buyer_org_id") ');

    await queryRunner.query(
      'CREATE TABLE "platform_output_facts" ("proposal_id" uuid NOT NULL, "order_id" uuid NOT NULL, "stage_id" uuid NOT NULL, "stage_seq" smallint NOT NULL, "process_code" character varying(40) NOT NULL, "firm_id" uuid NOT NULL, "park_id" uuid NOT NULL, "month" date NOT NULL, "delivered_on" date NOT NULL, "units" integer NOT NULL, "unit_price" numeric(12,2) NOT NULL, "value" numeric(16,2) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "platform_output_facts_first_of_month" CHECK (EXTRACT(DAY FROM "month") = 1), CONSTRAINT "platform_output_facts_value" CHECK ("value" = "units" * "unit_price"), CONSTRAINT "PK_2b8647f08e27f2cb4381c59a250" PRIMARY KEY ("proposal_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "platform_output_facts_park_month_idx" ON "platform_output_facts"  ("park_id", "month") ',
    );
    await queryRunner.query(
      'CREATE INDEX "platform_output_facts_firm_month_idx" ON "platform_output_facts"  ("firm_id", "month") ',
    );
    await queryRunner.query(
      `INSERT INTO "platform_output_facts" ("proposal_id", "order_id", "stage_id", "stage_seq", "process_code",
                                            "firm_id", "park_id", "month", "delivered_on", "units", "unit_price",
                                            "value")
       SELECT "id", "order_id", "stage_id", "stage_seq", "process_code", "firm_id", "park_id",
              date_trunc('month', "delivered_on")::date, "delivered_on", "units_delivered", "unit_price",
              "units_delivered" * "unit_price"
         FROM "proposals" WHERE "status" = 'DELIVERED'`,
    );
  }

  async down(): Promise<void> {
    throw new Error('Forward-only: restore from backup or write a new migration');
  }
}
