import { MigrationInterface, QueryRunner } from 'typeorm';

export class ScheduledReplans1795323536055 implements MigrationInterface {
  name = 'ScheduledReplans1795323536055';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "replan_jobs" ALTER COLUMN "requested_by" DROP NOT NULL');
  }

  async down(): Promise<void> {
    throw new Error('Forward-only: restore from backup or write a new migration');
  }
}
