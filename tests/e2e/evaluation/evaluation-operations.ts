import { dataOf, TestApp } from '../../support/test-app';

/** One helper per evaluation operation, each sending the GraphQL document a client would send. */

export const ROUND_FIELDS = `id parkId year version previousRoundId schemeId status noticeEndsAt computedAt publishedAt
  firmCount unconfirmedSheets graded exempt notEvaluated
  populations { populationId firmCount indicators { indicatorId firmsWithValue benchmark averageScore }
    rankingGroups { firmCount cuts { class cutPosition firmsByRank firmsFinal } } }`;

export interface RoundView {
  id: string;
  year: number;
  version: number;
  previousRoundId: string | null;
  status: string;
  firmCount: number;
  unconfirmedSheets: number;
  graded: number;
  notEvaluated: number;
  computedAt: string | null;
}

export const RESULT_FIELDS = `roundId firmId status populationId total rank class sheetConfirmed notGradedReason
  graded { populationId landMu total rank rankingGroupSize rankPercentile class indicatorScoreSum
    indicators { indicatorId name unit weight numeratorFigure numeratorValue denominatorFigure denominatorValue value
      method benchmark ratio score substitutionReason substitutionRule missingFigures }
    classDecision { byRankClass cutPosition final decidedBy } }
  figures { figure value figureId source importJobId auditState landPlotIds }
  rules { name text }`;

export interface ResultView {
  firmId: string;
  status: string;
  total: string | null;
  rank: number | null;
  class: string | null;
  notGradedReason: string | null;
  graded: {
    indicators: {
      indicatorId: string;
      numeratorValue: string | null;
      value: string | null;
      score: string;
      substitutionRule: string | null;
    }[];
    classDecision: { final: string; decidedBy: string };
  } | null;
  figures: { figure: string; value: string; figureId: string | null; source: string | null; landPlotIds: string[] }[];
  rules: { name: string }[];
}

export async function computeRound(app: TestApp, token: string, id: string, allowUnconfirmedSheets = true) {
  return app.gql<{ computeEvaluationRound: RoundView }>(
    `mutation ($id: ID!, $allow: Boolean!) { computeEvaluationRound(id: $id, allowUnconfirmedSheets: $allow) { ${ROUND_FIELDS} } }`,
    { id, allow: allowUnconfirmedSheets },
    token,
  );
}

export async function startNotice(app: TestApp, token: string, id: string, endsAt: Date) {
  return app.gql<{ startEvaluationNotice: RoundView }>(
    `mutation ($id: ID!, $endsAt: DateTime!) { startEvaluationNotice(id: $id, endsAt: $endsAt) { ${ROUND_FIELDS} } }`,
    { id, endsAt: endsAt.toISOString() },
    token,
  );
}

export function publishRound(app: TestApp, token: string, id: string) {
  return app.gql<{ publishEvaluationRound: RoundView }>(
    `mutation ($id: ID!) { publishEvaluationRound(id: $id) { ${ROUND_FIELDS} } }`,
    { id },
    token,
  );
}

export function resultRequest(app: TestApp, token: string, roundId: string, firmId: string) {
  return app.gql<{ evaluationResult: ResultView }>(
    `query ($roundId: ID!, $firmId: ID!) { evaluationResult(roundId: $roundId, firmId: $firmId) { ${RESULT_FIELDS} } }`,
    { roundId, firmId },
    token,
  );
}

export async function result(app: TestApp, token: string, roundId: string, firmId: string): Promise<ResultView> {
  return dataOf(await resultRequest(app, token, roundId, firmId)).evaluationResult;
}

export function fileObjection(
  app: TestApp,
  token: string,
  roundId: string,
  input: {
    reason: string;
    evidence: { title: string; reference: string }[];
    proposedFigures: { kind: string; value: string }[];
  },
) {
  return app.gql<{ fileEvaluationObjection: { id: string; status: string } }>(
    `mutation ($roundId: ID!, $input: FileObjectionInput!) { fileEvaluationObjection(roundId: $roundId, input: $input) { id status } }`,
    { roundId, input },
    token,
  );
}

export function decideObjection(
  app: TestApp,
  token: string,
  id: string,
  input: { accept: boolean; reason?: string; figures?: { kind: string; value: string }[] },
) {
  return app.gql<{
    decideEvaluationObjection: {
      id: string;
      status: string;
      decisionReason: string | null;
      appliedFigures: { kind: string; value: string }[];
    };
  }>(
    `mutation ($id: ID!, $input: DecideObjectionInput!) { decideEvaluationObjection(id: $id, input: $input) {
       id status decisionReason appliedFigures { kind value } } }`,
    { id, input },
    token,
  );
}
