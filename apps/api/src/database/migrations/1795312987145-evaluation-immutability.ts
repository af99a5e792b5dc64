import { MigrationInterface, QueryRunner } from 'typeorm';

/** The Huangyan 2022 scheme as it was published, frozen here (the engine's copy may evolve; this row may not). */
const HUANGYAN_2022 = {
  id: 'huangyan-2022',
  name: '黄岩区 2022 年度工业企业亩均效益综合评价',
  year: 2022,
  populations: [
    {
      id: 'above-scale',
      name: '规上工业企业',
      criteria: {
        scale: 'above',
      },
      rankWithinIndustryGroups: false,
      indicators: [
        {
          id: 'taxPerMu',
          name: '亩均税收',
          unit: '万元/亩',
          numerator: 'taxPaid',
          denominator: 'landMu',
          weight: '30',
          scoring: {
            method: 'ratioToBenchmark',
            benchmark: {
              kind: 'fixed',
              value: '24.097',
            },
          },
          missingData: 'zero',
        },
        {
          id: 'valueAddedPerMu',
          name: '亩均增加值',
          unit: '万元/亩',
          numerator: 'valueAdded',
          denominator: 'landMu',
          weight: '20',
          scoring: {
            method: 'ratioToBenchmark',
            benchmark: {
              kind: 'fixed',
              value: '136.16',
            },
          },
          missingData: 'zero',
        },
        {
          id: 'valueAddedPerEnergy',
          name: '单位能耗增加值',
          unit: '万元/吨标煤',
          numerator: 'valueAdded',
          denominator: 'energyTce',
          weight: '20',
          scoring: {
            method: 'ratioToBenchmark',
            benchmark: {
              kind: 'fixed',
              value: '2.694',
            },
          },
          missingData: 'zero',
        },
        {
          id: 'valueAddedPerEmission',
          name: '单位排放增加值',
          unit: '万元/吨',
          numerator: 'valueAdded',
          denominator: 'emissionsT',
          weight: '10',
          scoring: {
            method: 'ratioToBenchmark',
            benchmark: {
              kind: 'fixed',
              value: '4929.81',
            },
          },
          missingData: 'populationAverageScore',
        },
        {
          id: 'labourProductivity',
          name: '全员劳动生产率',
          unit: '万元/人',
          numerator: 'valueAdded',
          denominator: 'avgEmployees',
          weight: '10',
          scoring: {
            method: 'ratioToBenchmark',
            benchmark: {
              kind: 'fixed',
              value: '18.14',
            },
          },
          missingData: 'zero',
        },
        {
          id: 'rdIntensity',
          name: '研发经费占比',
          unit: 'ratio',
          numerator: 'rdSpending',
          denominator: 'revenue',
          weight: '10',
          scoring: {
            method: 'ratioToBenchmark',
            benchmark: {
              kind: 'fixed',
              value: '0.0302',
            },
          },
          missingData: 'zero',
        },
      ],
      classCuts: [
        {
          class: 'A',
          sharePercent: '20',
        },
        {
          class: 'B',
          sharePercent: '60',
        },
        {
          class: 'C',
          sharePercent: '15',
        },
        {
          class: 'D',
          sharePercent: '5',
        },
      ],
      floors: [],
    },
    {
      id: 'below-scale',
      name: '规下工业企业（用地 3 亩及以上）',
      criteria: {
        scale: 'below',
        minLandMu: '3',
      },
      rankWithinIndustryGroups: false,
      indicators: [
        {
          id: 'taxPerMu',
          name: '亩均税收',
          unit: '万元/亩',
          numerator: 'taxPaid',
          denominator: 'landMu',
          weight: '50',
          scoring: {
            method: 'ratioToBenchmark',
            benchmark: {
              kind: 'fixed',
              value: '11.5932',
            },
          },
          missingData: 'zero',
        },
        {
          id: 'taxPerElectricity',
          name: '单位电耗税收',
          unit: '万元/万kWh',
          numerator: 'taxPaid',
          denominator: 'electricityWankwh',
          weight: '50',
          scoring: {
            method: 'ratioToBenchmark',
            benchmark: {
              kind: 'fixed',
              value: '0.2352',
            },
          },
          missingData: 'zero',
        },
      ],
      classCuts: [
        {
          class: 'A',
          sharePercent: '20',
        },
        {
          class: 'B',
          sharePercent: '60',
        },
        {
          class: 'C',
          sharePercent: '15',
        },
        {
          class: 'D',
          sharePercent: '5',
        },
      ],
      floors: [],
    },
  ],
  items: [],
  overrideRules: [],
  exemptionRules: [],
};

/**
 * Immutability of what is published, enforced by the database itself (the services check first; this is the
 * backstop): a published round, its results, its objections and every policy ledger entry refuse UPDATE and DELETE,
 * and nothing is added to a published round. Also seeds the Huangyan 2022 scheme for every park, and stores results
 * uncompressed.
 */
export class EvaluationImmutability1795312987145 implements MigrationInterface {
  name = 'EvaluationImmutability1795312987145';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Results are written 12,000 at a time and read whole: compressing each explanation costs more than it saves.
    await queryRunner.query(
      'ALTER TABLE evaluation_results ALTER COLUMN explanation SET STORAGE EXTERNAL, ALTER COLUMN input SET STORAGE EXTERNAL',
    );
    await queryRunner.query(`
      CREATE FUNCTION evaluation_round_is_published(round uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
        SELECT EXISTS (SELECT 1 FROM evaluation_rounds WHERE id = round AND status = 'PUBLISHED')
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION evaluation_refuse_published_round_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.status = 'PUBLISHED' THEN
          RAISE EXCEPTION 'evaluation round % is published and immutable; correct it with a new version', OLD.id
            USING ERRCODE = '55000';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER evaluation_rounds_immutable_when_published BEFORE UPDATE OR DELETE ON evaluation_rounds
        FOR EACH ROW EXECUTE FUNCTION evaluation_refuse_published_round_change()`);
    await queryRunner.query(`
      CREATE FUNCTION evaluation_refuse_published_child_change() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        round uuid := CASE WHEN TG_OP = 'INSERT' THEN NEW.round_id ELSE OLD.round_id END;
      BEGIN
        IF evaluation_round_is_published(round)
           OR (TG_OP = 'UPDATE' AND NEW.round_id <> OLD.round_id AND evaluation_round_is_published(NEW.round_id)) THEN
          RAISE EXCEPTION '% of published evaluation round % refused: it is immutable', TG_OP, round
            USING ERRCODE = '55000';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    for (const table of ['evaluation_results', 'evaluation_objections']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_immutable_when_published BEFORE INSERT OR UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION evaluation_refuse_published_child_change()`);
    }
    await queryRunner.query(`
      CREATE FUNCTION policy_ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'policy ledger entries are never changed (% refused)', TG_OP USING ERRCODE = '55000';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER policy_ledger_entries_append_only BEFORE UPDATE OR DELETE ON policy_ledger_entries
        FOR EACH ROW EXECUTE FUNCTION policy_ledger_refuse_change()`);
    await queryRunner.query(`
      CREATE TRIGGER policy_ledger_entries_closed_when_published BEFORE INSERT ON policy_ledger_entries
        FOR EACH ROW EXECUTE FUNCTION evaluation_refuse_published_child_change()`);
    await queryRunner.query(
      `INSERT INTO evaluation_schemes (id, park_id, code, name, year, definition) VALUES ($1, NULL, $2, $3, $4, $5)`,
      [
        '00000000-0000-4000-8000-0000000e2022',
        HUANGYAN_2022.id,
        HUANGYAN_2022.name,
        HUANGYAN_2022.year,
        JSON.stringify(HUANGYAN_2022),
      ],
    );
  }

  async down(): Promise<void> {
    throw new Error('Forward-only: restore from backup or write a new migration');
  }
}
