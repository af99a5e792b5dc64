import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser, ExportedFileModel, IdArg, PageArgs, Principal, Role, Roles, toConnection } from '@vg/core';
import {
  ComputeRoundArgs,
  CreateEvaluationRoundInput,
  CreateEvaluationSchemeInput,
  DiffArgs,
  ExportArgs,
  ReadinessFirmsArgs,
  ResultFilterInput,
  RoundFilterInput,
  StartNoticeArgs,
  WhatIfInput,
} from './dto/evaluation.inputs';
import { EvaluationResultConnection, EvaluationResultModel, WhatIfModel } from './dto/result.models';
import {
  EvaluationRoundConnection,
  EvaluationRoundModel,
  EvaluationSchemeConnection,
  EvaluationSchemeModel,
  FirmResultChangeConnection,
  ReadinessFirmConnection,
  ReadinessFirmModel,
  RoundDiffSummaryModel,
  RoundReadinessModel,
} from './dto/round.models';
import { CopyEvaluationSchemeInput, EvaluationSchemeFormDto } from './dto/scheme-form.dto';
import { EvaluationExportService } from './evaluation-export.service';
import { ResultsService } from './results.service';
import { RoundsService } from './rounds.service';
import { SchemesService } from './schemes.service';
import { WhatIfService } from './what-if.service';

const ADMINS = [Role.PLATFORM_ADMIN, Role.PARK_ADMIN];
const READERS = [Role.PLATFORM_ADMIN, Role.PARK_ADMIN, Role.SME_OWNER];

@Resolver(() => EvaluationRoundModel)
export class RoundsResolver {
  constructor(
    private readonly schemes: SchemesService,
    private readonly rounds: RoundsService,
    private readonly results: ResultsService,
    private readonly whatIfs: WhatIfService,
    private readonly exports: EvaluationExportService,
  ) {}

  @Roles(...ADMINS)
  @Query(() => EvaluationSchemeConnection, { description: 'Schemes every park may use, and your park’s own.' })
  async evaluationSchemes(@CurrentUser() principal: Principal, @Args() page: PageArgs) {
    return toConnection(await this.schemes.list(principal, page), EvaluationSchemeModel.from, (scheme) => scheme.id);
  }

  @Roles(...ADMINS)
  @Query(() => EvaluationSchemeModel, { description: 'A scheme your park may use, with its form (to copy).' })
  async evaluationScheme(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<EvaluationSchemeModel> {
    return EvaluationSchemeModel.from(await this.schemes.usable(principal, id));
  }

  @Roles(...ADMINS)
  @Mutation(() => EvaluationSchemeModel, { description: 'Store a scheme (JSON, validated by the engine).' })
  async createEvaluationScheme(
    @CurrentUser() principal: Principal,
    @Args('input') input: CreateEvaluationSchemeInput,
  ): Promise<EvaluationSchemeModel> {
    return EvaluationSchemeModel.from(await this.schemes.create(principal, input.definitionJson));
  }

  @Roles(...ADMINS)
  @Mutation(() => EvaluationSchemeModel, {
    description:
      'Store a scheme built as a form (typed fields, labels in Chinese and English); refusals name the population, ' +
      'the indicator and the field. Platform admins add schemes every park may use.',
  })
  async createEvaluationSchemeFromForm(
    @CurrentUser() principal: Principal,
    @Args('input') input: EvaluationSchemeFormDto,
  ): Promise<EvaluationSchemeModel> {
    return EvaluationSchemeModel.from(await this.schemes.createFromForm(principal, input));
  }

  @Roles(...ADMINS)
  @Mutation(() => EvaluationSchemeModel, {
    description: 'Copy a template (a shared scheme or one of your park’s) as your park’s own, under a new code.',
  })
  async copyEvaluationScheme(
    @CurrentUser() principal: Principal,
    @Args('input') input: CopyEvaluationSchemeInput,
  ): Promise<EvaluationSchemeModel> {
    return EvaluationSchemeModel.from(await this.schemes.copy(principal, input));
  }

  @Roles(Role.PARK_ADMIN)
  @Mutation(() => EvaluationRoundModel, { description: 'Open your park’s round for a year under a scheme (a draft).' })
  async createEvaluationRound(
    @CurrentUser() principal: Principal,
    @Args('input') input: CreateEvaluationRoundInput,
  ): Promise<EvaluationRoundModel> {
    return EvaluationRoundModel.from(await this.rounds.create(principal, input));
  }

  @Roles(...READERS)
  @Query(() => EvaluationRoundModel, { description: 'Firms see their park’s rounds once on notice.' })
  async evaluationRound(@CurrentUser() principal: Principal, @IdArg() id: string): Promise<EvaluationRoundModel> {
    return EvaluationRoundModel.from(await this.rounds.get(principal, id));
  }

  @Roles(...READERS)
  @Query(() => EvaluationRoundConnection)
  async evaluationRounds(
    @CurrentUser() principal: Principal,
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: RoundFilterInput,
  ) {
    return toConnection(
      await this.rounds.list(principal, filter ?? {}, page),
      EvaluationRoundModel.from,
      (round) => round.id,
    );
  }

  @Roles(...ADMINS)
  @Query(() => RoundReadinessModel, {
    description:
      'Sheets, reviews, scales, land and shared plots for the round’s year: what would refuse or be warned of when ' +
      'computing (the rule is in the README).',
  })
  async evaluationRoundReadiness(
    @CurrentUser() principal: Principal,
    @IdArg() id: string,
  ): Promise<RoundReadinessModel> {
    return RoundReadinessModel.from(await this.rounds.readiness(principal, id));
  }

  @Roles(...ADMINS)
  @Query(() => ReadinessFirmConnection, { description: 'The firms readiness lists under one issue, by USCC.' })
  async evaluationRoundReadinessFirms(
    @CurrentUser() principal: Principal,
    @IdArg() id: string,
    @Args() { issue }: ReadinessFirmsArgs,
    @Args() page: PageArgs,
  ) {
    return toConnection(
      await this.rounds.readinessFirms(principal, id, issue, page),
      ReadinessFirmModel.from,
      (firm) => firm.uscc,
    );
  }

  @Roles(Role.PARK_ADMIN)
  @Mutation(() => EvaluationRoundModel, {
    description:
      'Compute (or recompute) a draft round: every firm of the park with figures for the year. Refused while ' +
      'readiness has a blocking finding its override argument does not let through.',
  })
  async computeEvaluationRound(
    @CurrentUser() principal: Principal,
    @IdArg() id: string,
    @Args() overrides: ComputeRoundArgs,
  ): Promise<EvaluationRoundModel> {
    return EvaluationRoundModel.from(await this.rounds.compute(principal, id, overrides));
  }

  @Roles(Role.PARK_ADMIN)
  @Mutation(() => EvaluationRoundModel, { description: 'Put computed results on public notice (公示) until endsAt.' })
  async startEvaluationNotice(
    @CurrentUser() principal: Principal,
    @IdArg() id: string,
    @Args() { endsAt }: StartNoticeArgs,
  ): Promise<EvaluationRoundModel> {
    return EvaluationRoundModel.from(await this.rounds.startNotice(principal, id, endsAt));
  }

  @Roles(Role.PARK_ADMIN)
  @Mutation(() => EvaluationRoundModel, {
    description: 'Publish after the window closed and every objection is decided: writes the policy ledger; immutable.',
  })
  async publishEvaluationRound(
    @CurrentUser() principal: Principal,
    @IdArg() id: string,
  ): Promise<EvaluationRoundModel> {
    return EvaluationRoundModel.from(await this.rounds.publish(principal, id));
  }

  @Roles(Role.PARK_ADMIN)
  @Mutation(() => EvaluationRoundModel, { description: 'Correct a published round: a new draft version.' })
  async createEvaluationCorrection(
    @CurrentUser() principal: Principal,
    @IdArg() id: string,
  ): Promise<EvaluationRoundModel> {
    return EvaluationRoundModel.from(await this.rounds.createCorrection(principal, id));
  }

  @Roles(...READERS)
  @Query(() => EvaluationResultModel, {
    description: 'One firm’s result with the full explanation (firms: their own).',
  })
  async evaluationResult(
    @CurrentUser() principal: Principal,
    @IdArg('roundId') roundId: string,
    @IdArg('firmId') firmId: string,
  ): Promise<EvaluationResultModel> {
    const { results, versions } = await this.results.result(principal, roundId, firmId);
    return EvaluationResultModel.from(results[0], versions);
  }

  @Roles(...ADMINS)
  @Query(() => EvaluationResultConnection, { description: 'Every result of a round, by firm id.' })
  async evaluationResults(
    @CurrentUser() principal: Principal,
    @IdArg('roundId') roundId: string,
    @Args() page: PageArgs,
    @Args('filter', { nullable: true }) filter?: ResultFilterInput,
  ) {
    const result = await this.results.list(principal, roundId, filter ?? {}, page);
    return toConnection(
      result,
      (row) => EvaluationResultModel.from(row, result.versions),
      (row) => row.firmId,
    );
  }

  @Roles(...ADMINS)
  @Query(() => RoundDiffSummaryModel, { description: 'How many classes and scores a version changed.' })
  evaluationRoundDiffSummary(
    @CurrentUser() principal: Principal,
    @IdArg('roundId') roundId: string,
  ): Promise<RoundDiffSummaryModel> {
    return this.results.diffSummary(principal, roundId);
  }

  @Roles(...ADMINS)
  @Query(() => FirmResultChangeConnection, { description: 'Firm by firm: class, score and rank before and after.' })
  async evaluationRoundDiff(
    @CurrentUser() principal: Principal,
    @IdArg('roundId') roundId: string,
    @Args() { changedOnly }: DiffArgs,
    @Args() page: PageArgs,
  ) {
    const result = await this.results.diff(principal, roundId, changedOnly, page);
    return toConnection(
      result,
      (row) => row,
      (row) => row.firmId,
    );
  }

  @Roles(...READERS)
  @Query(() => WhatIfModel, {
    description: 'Recompute one firm with other figures against the published population (firms: their own).',
  })
  async evaluationWhatIf(
    @CurrentUser() principal: Principal,
    @IdArg('roundId') roundId: string,
    @IdArg('firmId') firmId: string,
    @Args('input') input: WhatIfInput,
  ): Promise<WhatIfModel> {
    return WhatIfModel.from(roundId, await this.whatIfs.run(principal, roundId, firmId, input));
  }

  @Roles(...READERS)
  @Query(() => ExportedFileModel, {
    description: 'A round’s results as CSV or XLSX (base64); firms get their own row.',
  })
  async exportEvaluationResults(
    @CurrentUser() principal: Principal,
    @IdArg('roundId') roundId: string,
    @Args() { format }: ExportArgs,
  ): Promise<ExportedFileModel> {
    return ExportedFileModel.from(await this.exports.results(principal, roundId, format));
  }

  @Roles(...READERS)
  @Query(() => ExportedFileModel, {
    description: 'A round’s policy ledger as CSV or XLSX (base64); firms get their own.',
  })
  async exportPolicyLedger(
    @CurrentUser() principal: Principal,
    @IdArg('roundId') roundId: string,
    @Args() { format }: ExportArgs,
  ): Promise<ExportedFileModel> {
    return ExportedFileModel.from(await this.exports.ledger(principal, roundId, format));
  }
}
