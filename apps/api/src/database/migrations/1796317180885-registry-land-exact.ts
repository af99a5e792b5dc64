import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Registry imports and exact land: firms keep registry facts (legal representative, registration date, production
 * site) and may lack what the evaluation does not use (employees, address, a platform join date); a plot keeps its
 * area in the unit it was given in (m² to 2 decimals or mu to 4, exactly one) and may be recorded for several firms
 * (one row per certificate and firm); import jobs count registry records, invitations and the CSV encoding;
 * invitations may go to a phone.
 */
export class RegistryLandExact1796317180885 implements MigrationInterface {
  name = 'RegistryLandExact1796317180885';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."land_plots_certificate_key"');
    await queryRunner.query('ALTER TABLE "invitations" ADD "phone" character varying(20)');
    await queryRunner.query('ALTER TABLE "firms" ADD "legal_representative" character varying(100)');
    await queryRunner.query('ALTER TABLE "firms" ADD "registered_on" date');
    await queryRunner.query('ALTER TABLE "firms" ADD "site_latitude" numeric(9,6)');
    await queryRunner.query('ALTER TABLE "firms" ADD "site_longitude" numeric(9,6)');
    await queryRunner.query('ALTER TABLE "land_plots" ADD "area_mu" numeric(14,4)');
    await queryRunner.query('ALTER TABLE "land_plots" ADD "land_use" character varying(50)');
    await queryRunner.query(
      'ALTER TABLE "land_plots" ADD "tenants" character varying(200) array NOT NULL DEFAULT \'{}\'',
    );
    await queryRunner.query('ALTER TABLE "import_jobs" ADD "records_created" integer NOT NULL DEFAULT \'0\'');
    await queryRunner.query('ALTER TABLE "import_jobs" ADD "records_updated" integer NOT NULL DEFAULT \'0\'');
    await queryRunner.query('ALTER TABLE "import_jobs" ADD "invitations_issued" integer NOT NULL DEFAULT \'0\'');
    await queryRunner.query('ALTER TABLE "import_jobs" ADD "encoding" character varying(20)');
    await queryRunner.query('ALTER TABLE "invitations" ALTER COLUMN "email" DROP NOT NULL');
    await queryRunner.query('ALTER TABLE "firms" ALTER COLUMN "employees" DROP NOT NULL');
    await queryRunner.query('ALTER TABLE "firms" ALTER COLUMN "address" DROP NOT NULL');
    await queryRunner.query('ALTER TABLE "firms" ALTER COLUMN "joined_on" DROP NOT NULL');
    await queryRunner.query('ALTER TABLE "land_plots" ALTER COLUMN "area_m2" DROP NOT NULL');
    await queryRunner.query('ALTER TYPE "public"."import_file_type" ADD VALUE \'FIRM_REGISTRY\'');
    await queryRunner.query('ALTER TYPE "public"."import_file_type" ADD VALUE \'LAND_REGISTRY\'');
    await queryRunner.query('ALTER TYPE "public"."import_file_type" ADD VALUE \'SCALE_LIST\'');
    await queryRunner.query('CREATE INDEX "invitations_firm_idx" ON "invitations"  ("firm_id") ');
    await queryRunner.query('CREATE INDEX "land_plots_park_idx" ON "land_plots"  ("park_id", "certificate_no") ');
    await queryRunner.query(
      'CREATE UNIQUE INDEX "land_plots_certificate_firm_key" ON "land_plots"  ("certificate_no", "firm_id") ',
    );
    await queryRunner.query(
      'ALTER TABLE "invitations" ADD CONSTRAINT "invitations_reachable" CHECK (num_nonnulls("email", "phone") > 0)',
    );
    await queryRunner.query(
      'ALTER TABLE "firms" ADD CONSTRAINT "firms_site_location_range" CHECK ("site_latitude" BETWEEN -90 AND 90 AND "site_longitude" BETWEEN -180 AND 180)',
    );
    await queryRunner.query(
      'ALTER TABLE "firms" ADD CONSTRAINT "firms_site_location_whole" CHECK (num_nonnulls("site_latitude", "site_longitude") <> 1)',
    );
    await queryRunner.query(
      'ALTER TABLE "land_plots" ADD CONSTRAINT "land_plots_area_positive" CHECK (COALESCE("area_m2", "area_mu") > 0)',
    );
    await queryRunner.query(
      'ALTER TABLE "land_plots" ADD CONSTRAINT "land_plots_area_in_one_unit" CHECK (num_nonnulls("area_m2", "area_mu") = 1)',
    );
  }

  async down(): Promise<void> {
    throw new Error('Forward-only: restore from backup or write a new migration');
  }
}
