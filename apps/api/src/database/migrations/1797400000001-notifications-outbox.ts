import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox (core) and the notifications lib: inbox items, preferences, webhook endpoints, email and
 * webhook deliveries (unique per event, channel and recipient) and proposal reminders.
 */
export class NotificationsOutbox1797400000001 implements MigrationInterface {
  name = 'NotificationsOutbox1797400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "event_outbox" ("id" uuid NOT NULL, "sequence" BIGSERIAL NOT NULL, "event" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "relayed_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT \'0\', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" character varying(500), "failed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_c8bd4a6797caa3ebad9b40c9813" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "event_outbox_pending_idx" ON "event_outbox"  ("sequence") WHERE relayed_at IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sequence" BIGSERIAL NOT NULL, "user_id" uuid NOT NULL, "event_id" uuid NOT NULL, "type" character varying(60) NOT NULL, "title" character varying(300) NOT NULL, "subject_id" character varying(100) NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "read_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "notifications_user_event_key" UNIQUE ("user_id", "event_id"), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "notifications_user_sequence_idx" ON "notifications"  ("user_id", "sequence") ',
    );
    await queryRunner.query("CREATE TYPE \"public\".\"notification_channel\" AS ENUM('INBOX', 'EMAIL', 'WEBHOOK')");
    await queryRunner.query(
      "CREATE TYPE \"public\".\"notification_delivery_status\" AS ENUM('PENDING', 'DELIVERED', 'FAILED')",
    );
    await queryRunner.query(
      'CREATE TABLE "notification_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "type" character varying(60) NOT NULL, "channel" "public"."notification_channel" NOT NULL, "recipient" character varying(254) NOT NULL, "address" character varying(2000) NOT NULL, "message" jsonb NOT NULL, "status" "public"."notification_delivery_status" NOT NULL DEFAULT \'PENDING\', "attempts" integer NOT NULL DEFAULT \'0\', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" character varying(500), "delivered_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "notification_deliveries_event_channel_recipient_key" UNIQUE ("event_id", "channel", "recipient"), CONSTRAINT "PK_81daeff81f237bd384f7cfc4a4c" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "notification_deliveries_due_idx" ON "notification_deliveries"  ("next_attempt_at") WHERE status = \'PENDING\'',
    );
    await queryRunner.query(
      'CREATE TABLE "notification_preferences" ("user_id" uuid NOT NULL, "type" character varying(60) NOT NULL, "channel" "public"."notification_channel" NOT NULL, "enabled" boolean NOT NULL, CONSTRAINT "PK_a6b860a82edad6f41e72d13dd72" PRIMARY KEY ("user_id", "type", "channel"))',
    );
    await queryRunner.query(
      'CREATE TABLE "notification_reminders" ("proposal_id" uuid NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "event" jsonb NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_1aaee1442b0601724c75c7c8d36" PRIMARY KEY ("proposal_id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "notification_reminders_due_idx" ON "notification_reminders"  ("due_at") WHERE sent_at IS NULL AND cancelled_at IS NULL',
    );
    await queryRunner.query(
      'CREATE TABLE "webhook_endpoints" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "role" "public"."user_role" NOT NULL, "park_id" uuid, "firm_id" uuid, "buyer_org_id" uuid, "url" character varying(2000) NOT NULL, "secret" character varying(100) NOT NULL, "event_types" character varying(60) array NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "disabled_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_054c4cfb95223732f5939d2d546" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "webhook_endpoints_active_idx" ON "webhook_endpoints"  ("role") WHERE disabled_at IS NULL',
    );
  }

  async down(): Promise<void> {
    throw new Error('Forward-only: restore from backup or write a new migration');
  }
}
