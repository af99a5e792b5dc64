import { MigrationInterface, QueryRunner } from 'typeorm';

/** Virtual groups: approval record, live-name and one-open-membership-per-stage rules, foreign keys. */
export class VirtualGroupsLifecycle1795312455796 implements MigrationInterface {
  name = 'VirtualGroupsLifecycle1795312455796';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "virtual_groups" ADD "decided_by" uuid');
    await queryRunner.query('ALTER TABLE "virtual_groups" ADD "decided_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "virtual_groups" ADD "rejection_reason" character varying(500)');
    await queryRunner.query('ALTER TABLE "virtual_groups" ADD "dissolved_on" date');
    await queryRunner.query(
      'ALTER TABLE "group_members" ADD "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "virtual_groups_live_name_key" ON "virtual_groups"  ("park_id", "name") WHERE "status" IN (\'PENDING_APPROVAL\', \'ACTIVE\')',
    );
    await queryRunner.query('CREATE INDEX "virtual_groups_lead_firm_idx" ON "virtual_groups"  ("lead_firm_id") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "group_members_current_key" ON "group_members"  ("group_id", "firm_id", "stage_process") WHERE "left_on" IS NULL',
    );
    await queryRunner.query(
      'ALTER TABLE "group_members" ADD CONSTRAINT "group_members_left_after_joined" CHECK ("left_on" IS NULL OR "left_on" >= "joined_on")',
    );
    await queryRunner.query(
      'ALTER TABLE "virtual_groups" ADD CONSTRAINT "FK_db43def50641086b2870ef84128" FOREIGN KEY ("park_id") REFERENCES "parks"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "virtual_groups" ADD CONSTRAINT "FK_8fb582e74d8c2e6902bf4acabbe" FOREIGN KEY ("lead_firm_id") REFERENCES "firms"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "group_members" ADD CONSTRAINT "FK_2c840df5db52dc6b4a1b0b69c6e" FOREIGN KEY ("group_id") REFERENCES "virtual_groups"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "group_members" ADD CONSTRAINT "FK_11d260f3aa0c4640e560fd97582" FOREIGN KEY ("firm_id") REFERENCES "firms"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  async down(): Promise<void> {
    throw new Error('Forward-only: restore from backup or write a new migration');
  }
}
