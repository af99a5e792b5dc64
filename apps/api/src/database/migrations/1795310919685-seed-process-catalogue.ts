import { MigrationInterface, QueryRunner } from 'typeorm';

/** The shared process catalogue of an apparel cluster; parks extend it with their own codes. */
export class SeedProcessCatalogue1795310919685 implements MigrationInterface {
  name = 'SeedProcessCatalogue1795310919685';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      INSERT INTO processes (code, name_zh, name_en) VALUES
        ('DESIGN', '设计', 'Design'),
        ('PATTERN_MAKING', '打版', 'Pattern-making'),
        ('FABRIC_SOURCING', '面料采购', 'Fabric sourcing'),
        ('CUTTING', '裁剪', 'Cutting'),
        ('SEWING', '缝制', 'Sewing'),
        ('PRINTING_EMBROIDERY', '印花/绣花', 'Printing / embroidery'),
        ('WASHING', '水洗', 'Washing'),
        ('FINISHING_IRONING', '整烫', 'Finishing / ironing'),
        ('QC', '质检', 'Quality control'),
        ('PACKAGING', '包装', 'Packaging')
      ON CONFLICT (code) DO NOTHING`);
  }

  async down(): Promise<void> {
    throw new Error('Forward-only: restore from backup or write a new migration');
  }
}
