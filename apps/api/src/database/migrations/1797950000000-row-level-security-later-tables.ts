import { MigrationInterface, QueryRunner } from 'typeorm';
import { parkPolicy } from '../row-security';

/**
 * The row-level security backstop for the park tables made by migrations listed before it was written: the
 * evaluation store's computations and the notifications' webhook endpoints (those of buyers and platform
 * administrators have no park: only roles that reach every park see them, as their services already decide).
 * The view of a round's current results reads as its caller, so the policies of the tables under it apply.
 */
export class RowLevelSecurityLaterTables1797950000000 implements MigrationInterface {
  name = 'RowLevelSecurityLaterTables1797950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['evaluation_computations', 'webhook_endpoints']) {
      for (const statement of parkPolicy(table)) await queryRunner.query(statement);
    }
    await queryRunner.query(`ALTER VIEW evaluation_round_results SET (security_invoker = true)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER VIEW evaluation_round_results RESET (security_invoker)`);
    for (const table of ['webhook_endpoints', 'evaluation_computations']) {
      await queryRunner.query(`DROP POLICY "${table}_park" ON "${table}"`);
      await queryRunner.query(`ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`);
    }
  }
}
