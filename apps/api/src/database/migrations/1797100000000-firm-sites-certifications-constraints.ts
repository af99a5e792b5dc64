import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What buyers select suppliers on and what they ask for: firms' certifications and site town; each park's transport
 * rate, distance mode and default radius; orders' delivery location, radius, rating floor, excluded and preferred
 * firms, and each stage's required certifications; each proposal's distance and transport cost.
 */
export class FirmSitesCertificationsConstraints1797100000000 implements MigrationInterface {
  name = 'FirmSitesCertificationsConstraints1797100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "firm_certifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "firm_id" uuid NOT NULL, "park_id" uuid NOT NULL, "type" character varying(40) NOT NULL, "number" character varying(100) NOT NULL, "issuer" character varying(200) NOT NULL, "valid_from" date NOT NULL, "valid_to" date NOT NULL, "evidence_ref" character varying(500), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "firm_certifications_validity" CHECK ("valid_to" >= "valid_from"), CONSTRAINT "PK_f8c5e0807d8dc3251ed6fc3ada1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE UNIQUE INDEX "firm_certifications_number_key" ON "firm_certifications"  ("firm_id", "type", "number") ',
    );
    await queryRunner.query('CREATE INDEX "firm_certifications_firm_idx" ON "firm_certifications"  ("firm_id") ');
    await queryRunner.query(
      'ALTER TABLE "parks" ADD "transport_rate_per_unit_km" numeric(10,4) NOT NULL DEFAULT 0.004',
    );
    await queryRunner.query(
      'ALTER TABLE "parks" ADD "distance_mode" character varying(20) NOT NULL DEFAULT \'great-circle\'',
    );
    await queryRunner.query('ALTER TABLE "parks" ADD "default_max_distance_km" numeric(7,2)');
    await queryRunner.query('ALTER TABLE "firms" ADD "site_town" character varying(50)');
    await queryRunner.query('ALTER TABLE "proposals" ADD "distance_km" numeric(9,3)');
    await queryRunner.query('ALTER TABLE "proposals" ADD "transport_cost" numeric(16,2) NOT NULL DEFAULT \'0\'');
    await queryRunner.query('ALTER TABLE "orders" ADD "delivery_latitude" numeric(9,6)');
    await queryRunner.query('ALTER TABLE "orders" ADD "delivery_longitude" numeric(9,6)');
    await queryRunner.query('ALTER TABLE "orders" ADD "max_distance_km" numeric(7,2)');
    await queryRunner.query('ALTER TABLE "orders" ADD "min_rating" numeric(3,2)');
    await queryRunner.query('ALTER TABLE "orders" ADD "excluded_firm_ids" uuid array NOT NULL DEFAULT \'{}\'');
    await queryRunner.query('ALTER TABLE "orders" ADD "preferred_firm_ids" uuid array NOT NULL DEFAULT \'{}\'');
    await queryRunner.query(
      'ALTER TABLE "order_stages" ADD "required_certifications" character varying(40) array NOT NULL DEFAULT \'{}\'',
    );
    await queryRunner.query(
      'ALTER TABLE "parks" ADD CONSTRAINT "parks_default_max_distance_positive" CHECK ("default_max_distance_km" > 0)',
    );
    await queryRunner.query(
      'ALTER TABLE "parks" ADD CONSTRAINT "parks_transport_rate_non_negative" CHECK ("transport_rate_per_unit_km" >= 0)',
    );
    await queryRunner.query(
      'ALTER TABLE "orders" ADD CONSTRAINT "orders_min_rating_range" CHECK ("min_rating" BETWEEN 0 AND 5)',
    );
    await queryRunner.query(
      'ALTER TABLE "orders" ADD CONSTRAINT "orders_max_distance_positive" CHECK ("max_distance_km" > 0)',
    );
    await queryRunner.query(
      'ALTER TABLE "orders" ADD CONSTRAINT "orders_delivery_location_range" CHECK ("delivery_latitude" BETWEEN -90 AND 90 AND "delivery_longitude" BETWEEN -180 AND 180)',
    );
    await queryRunner.query(
      'ALTER TABLE "orders" ADD CONSTRAINT "orders_delivery_location_whole" CHECK (num_nonnulls("delivery_latitude", "delivery_longitude") <> 1)',
    );
    await queryRunner.query(
      'ALTER TABLE "firm_certifications" ADD CONSTRAINT "FK_5a383e8823d2a8dad48688b6d84" FOREIGN KEY ("firm_id") REFERENCES "firms"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
  }

  async down(): Promise<void> {
    throw new Error('Forward-only: restore from backup or write a new migration');
  }
}
