import { MigrationInterface, QueryRunner } from 'typeorm';

/** A published per-mu indicator of a legacy explanation: the figure over land in mu. */
const legacyPerMu = (numerator: string) => `(
  SELECT (indicator->>'value')::numeric FROM json_array_elements(explanation->'indicators') indicator
   WHERE indicator->'numerator'->>'figure' = '${numerator}' AND indicator->'denominator'->>'figure' = 'landMu' LIMIT 1)`;

/**
 * The evaluation store redesigned for 12,000-firm rounds: a computation (draft version) per compute, results only for
 * graded firms (the others listed on the computation with their reasons), the input as the ids of the figure
 * versions it used, explanations as a delta against a template per population, and the land and per-mu indicators as
 * columns the cockpit ranks on. Results of earlier rounds keep their whole documents (`input`, `explanation`) and
 * each round gets one computation holding them. Immutability moves from row triggers to statement triggers:
 * results and computations are never updated or deleted, and none is added to a computation a round already uses.
 */
export class EvaluationStore1797201000000 implements MigrationInterface {
  name = 'EvaluationStore1797201000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "evaluation_computations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "round_id" uuid NOT NULL, "park_id" uuid NOT NULL, "templates" json NOT NULL, "not_graded" json NOT NULL, "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_08ca78e286f4ba63073ac668df5" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE INDEX "evaluation_computations_round_idx" ON "evaluation_computations"  ("round_id") ',
    );
    await queryRunner.query('ALTER TABLE "evaluation_rounds" ADD "computation_id" uuid');
    await queryRunner.query('DROP TRIGGER evaluation_results_immutable_when_published ON evaluation_results');

    // Every round with results gets one computation holding them (published rounds too: the backstop is lifted
    // for this one statement of the migration).
    await queryRunner.query(`
      INSERT INTO evaluation_computations (round_id, park_id, templates, not_graded, computed_at)
      SELECT id, park_id, '{}', '{}', COALESCE(computed_at, created_at) FROM evaluation_rounds rd
       WHERE EXISTS (SELECT 1 FROM evaluation_results r WHERE r.round_id = rd.id)`);
    await queryRunner.query('ALTER TABLE evaluation_rounds DISABLE TRIGGER evaluation_rounds_immutable_when_published');
    await queryRunner.query(`
      UPDATE evaluation_rounds rd SET computation_id = c.id FROM evaluation_computations c WHERE c.round_id = rd.id`);
    await queryRunner.query('ALTER TABLE evaluation_rounds ENABLE TRIGGER evaluation_rounds_immutable_when_published');

    await queryRunner.query('ALTER TABLE "evaluation_results" ADD "computation_id" uuid');
    await queryRunner.query('ALTER TABLE "evaluation_results" ADD "land_mu" numeric');
    await queryRunner.query('ALTER TABLE "evaluation_results" ADD "tax_per_mu" numeric');
    await queryRunner.query('ALTER TABLE "evaluation_results" ADD "value_added_per_mu" numeric');
    await queryRunner.query('ALTER TABLE "evaluation_results" ADD "figure_ids" uuid array');
    await queryRunner.query('ALTER TABLE "evaluation_results" ADD "input_ref" json');
    await queryRunner.query('ALTER TABLE "evaluation_results" ADD "explanation_delta" json');
    await queryRunner.query(`
      UPDATE evaluation_results r
         SET computation_id = rd.computation_id,
             land_mu = CASE WHEN r.status = 'GRADED' THEN
                         COALESCE((r.input->'input'->'figures'->>'landMu')::numeric,
                                  (r.input->'input'->'figures'->>'landM2')::numeric * 0.0015) END,
             tax_per_mu = CASE WHEN r.status = 'GRADED' THEN ${legacyPerMu('taxPaid')} END,
             value_added_per_mu = CASE WHEN r.status = 'GRADED' THEN ${legacyPerMu('valueAdded')} END
        FROM evaluation_rounds rd WHERE rd.id = r.round_id`);
    await queryRunner.query('ALTER TABLE "evaluation_results" ALTER COLUMN "computation_id" SET NOT NULL');
    await queryRunner.query('ALTER TABLE "evaluation_results" DROP CONSTRAINT "PK_c8df6efe408d05f63b87af29981"');
    await queryRunner.query(
      'ALTER TABLE "evaluation_results" ADD CONSTRAINT "PK_e85b8549cfe8c2e024e41dae194" PRIMARY KEY ("computation_id", "firm_id")',
    );
    await queryRunner.query('ALTER TABLE "evaluation_results" ALTER COLUMN "input" DROP NOT NULL');
    await queryRunner.query('ALTER TABLE "evaluation_results" ALTER COLUMN "explanation" DROP NOT NULL');
    await queryRunner.query(
      'ALTER TABLE evaluation_results ALTER COLUMN explanation_delta SET STORAGE EXTERNAL, ALTER COLUMN input_ref SET STORAGE EXTERNAL',
    );
    await queryRunner.query(
      'CREATE INDEX "evaluation_results_total_idx" ON "evaluation_results"  ("computation_id", "total", "firm_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "evaluation_results_value_added_per_mu_idx" ON "evaluation_results"  ("computation_id", "value_added_per_mu", "firm_id") ',
    );
    await queryRunner.query(
      'CREATE INDEX "evaluation_results_tax_per_mu_idx" ON "evaluation_results"  ("computation_id", "tax_per_mu", "firm_id") ',
    );
    await queryRunner.query('CREATE INDEX "evaluation_results_round_idx" ON "evaluation_results"  ("round_id") ');
    await queryRunner.query(
      'ALTER TABLE "evaluation_computations" ADD CONSTRAINT "FK_16531ad11d4df0ad293dbb3d7e0" FOREIGN KEY ("round_id") REFERENCES "evaluation_rounds"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "evaluation_rounds" ADD CONSTRAINT "FK_f2a2c1b7f0e9cb00b2c56ce68e1" FOREIGN KEY ("computation_id") REFERENCES "evaluation_computations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "evaluation_results" ADD CONSTRAINT "FK_08f89f29c9b63fc9a741548159c" FOREIGN KEY ("computation_id") REFERENCES "evaluation_computations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );

    // Immutability, checked once per statement (a row trigger cost most of a 12,000-row write).
    await queryRunner.query(`
      CREATE FUNCTION evaluation_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% on % refused: evaluation results are never changed; computing again writes a new computation',
          TG_OP, TG_TABLE_NAME USING ERRCODE = '55000';
      END $$`);
    for (const table of ['evaluation_results', 'evaluation_computations']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_never_changed BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}
          FOR EACH STATEMENT EXECUTE FUNCTION evaluation_refuse_change()`);
    }
    await queryRunner.query(`
      CREATE FUNCTION evaluation_results_refuse_used_computation() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (
          SELECT 1 FROM (SELECT DISTINCT computation_id, round_id FROM added) a
            LEFT JOIN evaluation_computations c ON c.id = a.computation_id
           WHERE c.round_id IS DISTINCT FROM a.round_id
              OR EXISTS (SELECT 1 FROM evaluation_rounds rd WHERE rd.computation_id = a.computation_id)) THEN
          RAISE EXCEPTION 'evaluation results are immutable: they are added only to a new computation of their own round, before the round uses it'
            USING ERRCODE = '55000';
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER evaluation_results_added_to_new_computation AFTER INSERT ON evaluation_results
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION evaluation_results_refuse_used_computation()`);
    await queryRunner.query(`
      CREATE FUNCTION evaluation_computations_refuse_published() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM added JOIN evaluation_rounds rd ON rd.id = added.round_id
                    WHERE rd.status = 'PUBLISHED') THEN
          RAISE EXCEPTION 'a published evaluation round is immutable and not computed again; correct it with a new version'
            USING ERRCODE = '55000';
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER evaluation_computations_not_of_published AFTER INSERT ON evaluation_computations
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION evaluation_computations_refuse_published()`);

    // A round's current results, graded and not: what listings, diffs, exports and counts read.
    await queryRunner.query(`
      CREATE VIEW evaluation_round_results AS
      SELECT rd.id AS round_id, r.firm_id, r.status, r.population_id, r.total, r.rank, r."class"
        FROM evaluation_rounds rd JOIN evaluation_results r ON r.computation_id = rd.computation_id
      UNION ALL
      SELECT rd.id, n.key::uuid, CASE n.value->'result'->>'status' WHEN 'exempt' THEN 'EXEMPT'
               ELSE 'NOT_EVALUATED' END::evaluation_result_status,
             n.value->'result'->>'populationId', NULL::numeric, NULL::integer, NULL::varchar
        FROM evaluation_rounds rd JOIN evaluation_computations c ON c.id = rd.computation_id,
             json_each(c.not_graded) n`);
  }

  async down(): Promise<void> {
    throw new Error('Forward-only: restore from backup or write a new migration');
  }
}
