import { Injectable } from '@nestjs/common';
import { Tx } from '@vg/core';
import { ClassPolicyEntity } from './class-policy.entity';
import { EvaluationRoundEntity } from './evaluation-round.entity';
import { ResultStatus } from './evaluation-result.entity';
import { ledgerLines, PriorClasses } from './policy-ledger';
import { readStoredResults } from './stored-results';

/** Writes the policy ledger of a round being published, set-based, inside the publishing transaction. */
@Injectable()
export class PolicyLedgerWriter {
  async write(tx: Tx, round: EvaluationRoundEntity): Promise<number> {
    const policies = await tx.manager
      .createQueryBuilder(ClassPolicyEntity, 'policy')
      .where('policy.park_id = :parkId AND policy.retired_at IS NULL', { parkId: round.parkId })
      .getMany();
    if (!policies.length) return 0;

    const stored = await readStoredResults(tx.manager, round.id, round.computationId, null, { gradedOnly: true });
    const firms = stored.results
      .filter((result) => result.status === ResultStatus.GRADED)
      .map((result) => {
        const { figures } = result.input.input;
        return {
          firm_id: result.firmId,
          class: result.grade!,
          figures: {
            electricityWankwh: figures.electricityWankwh ?? null,
            water: figures.water ?? null,
            taxPaid: figures.taxPaid ?? null,
            energyTce: figures.energyTce ?? null,
          },
        };
      });
    // The latest published version of each earlier year.
    const earlier: { year: number; firm_id: string; class: string }[] = await tx.manager.query(
      `WITH latest AS (
         SELECT DISTINCT ON (year) id, year FROM evaluation_rounds
          WHERE park_id = $1 AND year < $2 AND status = 'PUBLISHED' ORDER BY year DESC, version DESC)
       SELECT latest.year, r.firm_id, r.class
         FROM latest JOIN evaluation_round_results r ON r.round_id = latest.id AND r.status = 'GRADED'`,
      [round.parkId, round.year],
    );
    const prior = new Map<number, Map<string, string>>();
    for (const row of earlier) {
      if (!prior.has(row.year)) prior.set(row.year, new Map());
      prior.get(row.year)!.set(row.firm_id, row.class);
    }

    const lines = ledgerLines(
      firms.map((firm) => ({
        firmId: firm.firm_id,
        grade: firm.class,
        figures: Object.fromEntries(Object.entries(firm.figures).filter(([, value]) => value !== null)),
      })),
      policies.map((policy) => ({
        id: policy.id,
        grade: policy.grade,
        measure: policy.measure,
        basis: policy.basis,
        rate: policy.rate,
        minConsecutiveYears: policy.minConsecutiveYears,
      })),
      round.year,
      prior as PriorClasses,
    );
    for (let start = 0; start < lines.length; start += 5000) {
      await tx.manager.query(
        `INSERT INTO policy_ledger_entries
                (round_id, park_id, firm_id, policy_id, class, consecutive_years, measure, basis, basis_quantity, rate, amount, unit)
         SELECT $1, $2, l."firmId", l."policyId", l.grade, l."consecutiveYears", l.measure, l.basis, l."basisQuantity",
                l.rate, l.amount, l.unit
           FROM json_to_recordset($3::json) AS l("firmId" uuid, "policyId" uuid, grade text, "consecutiveYears" smallint,
                measure policy_measure, basis policy_basis, "basisQuantity" numeric, rate numeric, amount numeric, unit text)`,
        [round.id, round.parkId, JSON.stringify(lines.slice(start, start + 5000))],
      );
    }
    return lines.length;
  }
}
