import { Injectable } from '@nestjs/common';
import { AppError, conflict, ErrorCode, PageArgs, paginate, paginateArray, Principal, UnitOfWork } from '@vg/core';
import { CreateEvaluationRoundInput, RoundFilterInput } from './dto/evaluation.inputs';
import { EvaluationRoundEntity, RoundStatus } from './evaluation-round.entity';
import { PolicyLedgerWriter } from './policy-ledger.writer';
import { administeredRound, readableRound, restrictToReadableRounds, roundParkId } from './round-access';
import { RoundComputationService } from './round-computation.service';
import { assessReadiness, ComputeOverrides, Readiness, ReadinessIssue, refusals } from './round-readiness';
import { SchemesService } from './schemes.service';

const MAX_NOTICE_DAYS = 60;

/**
 * A round's life: created for a year and a scheme → computed (a draft, as often as needed) → public notice with an
 * objection window → published (immutable; the database refuses changes) → corrected only by a new version.
 */
@Injectable()
export class RoundsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly schemes: SchemesService,
    private readonly computation: RoundComputationService,
    private readonly ledger: PolicyLedgerWriter,
  ) {}

  get(principal: Principal, id: string): Promise<EvaluationRoundEntity> {
    return readableRound(this.unitOfWork.manager, principal, id);
  }

  list(principal: Principal, filter: RoundFilterInput, page: PageArgs) {
    const query = restrictToReadableRounds(
      this.unitOfWork.manager.createQueryBuilder(EvaluationRoundEntity, 'round'),
      principal,
    );
    if (filter.year) query.andWhere('round.year = :year', { year: filter.year });
    if (filter.status) query.andWhere('round.status = :status', { status: filter.status });
    return paginate(query, page);
  }

  async create(principal: Principal, input: CreateEvaluationRoundInput): Promise<EvaluationRoundEntity> {
    const parkId = roundParkId(principal);
    const scheme = await this.schemes.usable(principal, input.schemeId);
    return this.unitOfWork.run(async (tx) => {
      await lockParkYear(tx.manager, parkId, input.year);
      const [{ versions }] = await tx.manager.query(
        'SELECT COUNT(*)::int AS versions FROM evaluation_rounds WHERE park_id = $1 AND year = $2',
        [parkId, input.year],
      );
      if (versions > 0) {
        throw conflict(`The ${input.year} round exists; correct a published round with a new version`, 'year');
      }
      return tx.manager.save(
        tx.manager.create(EvaluationRoundEntity, {
          parkId,
          year: input.year,
          version: 1,
          previousRoundId: null,
          schemeId: scheme.id,
          status: RoundStatus.DRAFT,
          createdBy: principal.userId,
        }),
      );
    });
  }

  async readiness(principal: Principal, id: string): Promise<Readiness> {
    const round = await readableRound(this.unitOfWork.manager, principal, id);
    return assessReadiness(this.unitOfWork.manager, round.parkId, round.year);
  }

  /** The firms readiness lists under one issue, by USCC. */
  async readinessFirms(principal: Principal, id: string, issue: ReadinessIssue, page: PageArgs) {
    const readiness = await this.readiness(principal, id);
    return paginateArray(readiness.firms[issue], page, (firm) => firm.uscc);
  }

  /** Refused or warned by readiness's stated rule (see `assessReadiness`); never a silent guess. */
  compute(principal: Principal, id: string, overrides: ComputeOverrides): Promise<EvaluationRoundEntity> {
    return this.unitOfWork.run(async (tx) => {
      const round = await administeredRound(tx.manager, principal, id);
      if (round.status !== RoundStatus.DRAFT && round.status !== RoundStatus.COMPUTED) {
        throw conflict(`A round is computed while a draft; this one is ${round.status}`, 'id');
      }
      const readiness = await assessReadiness(tx.manager, round.parkId, round.year);
      const refused = refusals(readiness, overrides);
      if (refused.length) {
        throw conflict(refused.map((finding) => finding.message).join('; '), refused[0].override ?? 'id');
      }
      await this.computation.compute(tx, round, {
        unlistedAsBelowScale: overrides.treatUnlistedAsBelowScale,
        warnings: readiness.findings.map((finding) =>
          finding.blocking ? `${finding.message} — overridden` : finding.message,
        ),
      });
      return tx.manager.findOneByOrFail(EvaluationRoundEntity, { id });
    });
  }

  startNotice(principal: Principal, id: string, endsAt: Date): Promise<EvaluationRoundEntity> {
    return this.unitOfWork.run(async (tx) => {
      const round = await administeredRound(tx.manager, principal, id);
      if (round.status !== RoundStatus.COMPUTED) {
        throw conflict(`Only a computed round goes on notice; this one is ${round.status}`, 'id');
      }
      const now = Date.now();
      if (endsAt.getTime() <= now) throw badEndsAt('The objection window must end in the future');
      if (endsAt.getTime() > now + MAX_NOTICE_DAYS * 86_400_000) {
        throw badEndsAt(`The objection window lasts at most ${MAX_NOTICE_DAYS} days`);
      }
      await tx.manager.update(EvaluationRoundEntity, { id }, { status: RoundStatus.NOTICE, noticeEndsAt: endsAt });
      tx.publishAfterCommit({
        type: 'ROUND_NOTICE_OPENED',
        subjectId: round.id,
        parkIds: [round.parkId],
        firmIds: [],
        buyerOrgIds: [],
        payload: { roundId: round.id, year: round.year, noticeEndsAt: endsAt.toISOString() },
        occurredAt: new Date().toISOString(),
      });
      return tx.manager.findOneByOrFail(EvaluationRoundEntity, { id });
    });
  }

  /** Once the window has closed and every objection is decided; writes the policy ledger, then seals the round. */
  publish(principal: Principal, id: string): Promise<EvaluationRoundEntity> {
    return this.unitOfWork.run(async (tx) => {
      const round = await administeredRound(tx.manager, principal, id);
      if (round.status !== RoundStatus.NOTICE)
        throw conflict(`Only a round on notice is published; this one is ${round.status}`, 'id');
      const [{ now }] = await tx.manager.query('SELECT now() AS now');
      if (round.noticeEndsAt && round.noticeEndsAt.getTime() > new Date(now).getTime()) {
        throw conflict(`The objection window is open until ${round.noticeEndsAt.toISOString()}`, 'id');
      }
      const [{ open }] = await tx.manager.query(
        `SELECT COUNT(*)::int AS open FROM evaluation_objections WHERE round_id = $1 AND status = 'OPEN'`,
        [id],
      );
      if (open > 0) throw conflict(`${open} objection(s) are still open`, 'id');
      await this.ledger.write(tx, round);
      await tx.manager.update(
        EvaluationRoundEntity,
        { id },
        { status: RoundStatus.PUBLISHED, publishedAt: new Date(), publishedBy: principal.userId },
      );
      // The park's cockpit hears of it live (no figures in the event: events are broadcast).
      tx.publishAfterCommit({
        type: 'ROUND_PUBLISHED',
        subjectId: round.id,
        parkIds: [round.parkId],
        firmIds: [],
        buyerOrgIds: [],
        payload: { roundId: round.id, year: round.year, version: round.version },
        occurredAt: new Date().toISOString(),
      });
      return tx.manager.findOneByOrFail(EvaluationRoundEntity, { id });
    });
  }

  /** A correction of the latest published version: a new draft round for the same park, year and scheme. */
  createCorrection(principal: Principal, id: string): Promise<EvaluationRoundEntity> {
    return this.unitOfWork.run(async (tx) => {
      const round = await administeredRound(tx.manager, principal, id, false);
      await lockParkYear(tx.manager, round.parkId, round.year);
      if (round.status !== RoundStatus.PUBLISHED)
        throw conflict('Only a published round is corrected by a new version', 'id');
      const [{ latest }] = await tx.manager.query(
        'SELECT MAX(version)::int AS latest FROM evaluation_rounds WHERE park_id = $1 AND year = $2',
        [round.parkId, round.year],
      );
      if (latest !== round.version) throw conflict(`Version ${latest} is newer: correct that one`, 'id');
      return tx.manager.save(
        tx.manager.create(EvaluationRoundEntity, {
          parkId: round.parkId,
          year: round.year,
          version: round.version + 1,
          previousRoundId: round.id,
          schemeId: round.schemeId,
          status: RoundStatus.DRAFT,
          createdBy: principal.userId,
        }),
      );
    });
  }
}

/** Creating versions of one park-year one at a time. */
async function lockParkYear(
  manager: { query: (sql: string, parameters: unknown[]) => Promise<unknown> },
  parkId: string,
  year: number,
) {
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('vg:round'), hashtext($1 || ':' || $2))`, [
    parkId,
    String(year),
  ]);
}

const badEndsAt = (message: string) => new AppError(ErrorCode.BAD_USER_INPUT, message, 'endsAt');
