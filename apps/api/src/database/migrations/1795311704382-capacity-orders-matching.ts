import { MigrationInterface, QueryRunner } from 'typeorm';

export class CapacityOrdersMatching1795311704382 implements MigrationInterface {
  name = 'CapacityOrdersMatching1795311704382';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TYPE "public"."listing_status" AS ENUM(\'ACTIVE\', \'WITHDRAWN\')');
    await queryRunner.query(
      'CREATE TABLE "capacity_listings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "park_id" uuid NOT NULL, "firm_id" uuid NOT NULL, "process_code" character varying(40) NOT NULL, "units_per_day" integer NOT NULL, "start_date" date NOT NULL, "end_date" date NOT NULL, "unit_price" numeric(12,2) NOT NULL, "min_order_quantity" integer NOT NULL, "notes" character varying(500), "status" "public"."listing_status" NOT NULL DEFAULT \'ACTIVE\', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_0ee4dde79588c008728d0adbeff" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "capacity_listings_firm_idx" ON "capacity_listings"  ("firm_id") ');
    await queryRunner.query(
      'CREATE INDEX "capacity_listings_process_idx" ON "capacity_listings"  ("process_code", "status") ',
    );
    await queryRunner.query(
      'CREATE TABLE "capacity_slots" ("id" BIGSERIAL NOT NULL, "listing_id" uuid NOT NULL, "park_id" uuid NOT NULL, "firm_id" uuid NOT NULL, "process_code" character varying(40) NOT NULL, "date" date NOT NULL, "capacity" integer NOT NULL, "booked" integer NOT NULL DEFAULT \'0\', CONSTRAINT "capacity_slots_booked_within_capacity" CHECK ("booked" >= 0 AND "booked" <= "capacity"), CONSTRAINT "PK_ad137e7f746ba441273af590781" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "capacity_slots_park_date_idx" ON "capacity_slots"  ("park_id", "date") ');
    await queryRunner.query(
      'CREATE INDEX "capacity_slots_process_date_idx" ON "capacity_slots"  ("process_code", "date") ',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "capacity_slots_listing_date_key" ON "capacity_slots"  ("listing_id", "date") ',
    );
    await queryRunner.query(
      'CREATE TABLE "group_members" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "group_id" uuid NOT NULL, "park_id" uuid NOT NULL, "firm_id" uuid NOT NULL, "stage_process" character varying(40) NOT NULL, "joined_on" date NOT NULL, "left_on" date, CONSTRAINT "PK_86446139b2c96bfd0f3b8638852" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "group_members_firm_idx" ON "group_members"  ("firm_id") ');
    await queryRunner.query('CREATE INDEX "group_members_group_idx" ON "group_members"  ("group_id") ');
    await queryRunner.query(
      "CREATE TYPE \"public\".\"group_status\" AS ENUM('PENDING_APPROVAL', 'ACTIVE', 'REJECTED', 'DISSOLVED')",
    );
    await queryRunner.query(
      'CREATE TABLE "virtual_groups" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "park_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "product_line" character varying(200) NOT NULL, "stage_processes" character varying(40) array NOT NULL, "lead_firm_id" uuid NOT NULL, "status" "public"."group_status" NOT NULL, "formed_on" date, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8e5d88f2e2d5c74587ab4c3f20d" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "virtual_groups_park_idx" ON "virtual_groups"  ("park_id") ');
    await queryRunner.query(
      "CREATE TYPE \"public\".\"allocation_status\" AS ENUM('PROPOSED', 'ACCEPTED', 'DECLINED', 'EXPIRED', 'SUPERSEDED', 'CANCELLED', 'DELIVERED')",
    );
    await queryRunner.query(
      'CREATE TABLE "allocations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "stage_id" uuid NOT NULL, "stage_seq" smallint NOT NULL, "park_id" uuid NOT NULL, "firm_id" uuid NOT NULL, "listing_id" uuid NOT NULL, "process_code" character varying(40) NOT NULL, "units" integer NOT NULL, "unit_price" numeric(12,2) NOT NULL, "cost" numeric(16,2) NOT NULL, "first_day" date NOT NULL, "last_day" date NOT NULL, "status" "public"."allocation_status" NOT NULL, "explanation" jsonb NOT NULL, "origin" character varying(60) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE, "decline_reason" character varying(500), "units_done" integer NOT NULL DEFAULT \'0\', "units_delivered" integer NOT NULL DEFAULT \'0\', "defect_units" integer NOT NULL DEFAULT \'0\', "delivered_on" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ca63099fc248466264af0fa6f1f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "allocations_listing_idx" ON "allocations"  ("listing_id") ');
    await queryRunner.query('CREATE INDEX "allocations_park_status_idx" ON "allocations"  ("park_id", "status") ');
    await queryRunner.query('CREATE INDEX "allocations_firm_status_idx" ON "allocations"  ("firm_id", "status") ');
    await queryRunner.query('CREATE INDEX "allocations_order_idx" ON "allocations"  ("order_id", "stage_seq") ');
    await queryRunner.query(
      'CREATE TABLE "allocation_days" ("allocation_id" uuid NOT NULL, "date" date NOT NULL, "slot_id" bigint NOT NULL, "units" integer NOT NULL, CONSTRAINT "PK_682742a212e00a26ce4e89ab85e" PRIMARY KEY ("allocation_id", "date"))',
    );
    await queryRunner.query('CREATE INDEX "allocation_days_slot_idx" ON "allocation_days"  ("slot_id") ');
    await queryRunner.query(
      'CREATE TABLE "progress_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "allocation_id" uuid NOT NULL, "park_id" uuid NOT NULL, "firm_id" uuid NOT NULL, "date" date NOT NULL, "units_done" integer NOT NULL, "defect_units" integer NOT NULL, "reported_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "progress_reports_defects_within_done" CHECK ("defect_units" >= 0 AND "defect_units" <= "units_done"), CONSTRAINT "PK_175179020a43d5ec75ab1d6a04f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "progress_reports_allocation_date_key" ON "progress_reports"  ("allocation_id", "date") ',
    );
    await queryRunner.query(
      'CREATE TABLE "order_events" ("id" BIGSERIAL NOT NULL, "order_id" uuid NOT NULL, "type" character varying(40) NOT NULL, "detail" jsonb NOT NULL DEFAULT \'{}\', "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cc1b82b0fcf1be577d9d7ecbf8b" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "order_events_order_idx" ON "order_events"  ("order_id", "occurred_at") ');
    await queryRunner.query(
      'CREATE TABLE "order_participants" ("order_id" uuid NOT NULL, "firm_id" uuid NOT NULL, "park_id" uuid NOT NULL, CONSTRAINT "PK_404bc5c582b5fc0566200e8e0be" PRIMARY KEY ("order_id", "firm_id", "park_id"))',
    );
    await queryRunner.query('CREATE INDEX "order_participants_firm_idx" ON "order_participants"  ("firm_id") ');
    await queryRunner.query('CREATE INDEX "order_participants_park_idx" ON "order_participants"  ("park_id") ');
    await queryRunner.query(
      "CREATE TYPE \"public\".\"order_status\" AS ENUM('OPEN', 'PLANNED', 'CONFIRMED', 'IN_PRODUCTION', 'DELIVERED', 'CLOSED', 'CANCELLED')",
    );
    await queryRunner.query(
      'CREATE TABLE "orders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "buyer_org_id" uuid NOT NULL, "created_by" uuid NOT NULL, "product" character varying(200) NOT NULL, "quantity" integer NOT NULL, "earliest_start" date NOT NULL, "due_date" date NOT NULL, "preferred_park_id" uuid, "preferred_group_id" uuid, "status" "public"."order_status" NOT NULL DEFAULT \'OPEN\', "idempotency_key" character varying(100) NOT NULL, "request_hash" character(64) NOT NULL, "initial_quote" jsonb, "confirmed_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_710e2d4957aa5878dfe94e4ac2f" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "orders_status_idx" ON "orders"  ("status") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "orders_idempotency_key" ON "orders"  ("buyer_org_id", "idempotency_key") ',
    );
    await queryRunner.query(
      'CREATE TABLE "order_stages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "order_id" uuid NOT NULL, "seq" smallint NOT NULL, "process_code" character varying(40) NOT NULL, "lead_days" smallint NOT NULL, "max_unit_price" numeric(12,2) NOT NULL, CONSTRAINT "PK_8bd080bb9394786148bead74d29" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "order_stages_order_seq_key" ON "order_stages"  ("order_id", "seq") ');
    await queryRunner.query(
      'ALTER TABLE "capacity_listings" ADD CONSTRAINT "FK_38f4c8bc324c3be2cd2da755f35" FOREIGN KEY ("firm_id") REFERENCES "firms"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "capacity_slots" ADD CONSTRAINT "FK_2c1268b10f21b578164b7505927" FOREIGN KEY ("listing_id") REFERENCES "capacity_listings"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "allocation_days" ADD CONSTRAINT "FK_314882d08880203b2363741ea08" FOREIGN KEY ("allocation_id") REFERENCES "allocations"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "order_stages" ADD CONSTRAINT "FK_45b052ce22e4b76067e58e25382" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(): Promise<void> {
    throw new Error('Forward-only: restore from backup or write a new migration');
  }
}
