/** One GraphQL document per panel; `$parkId` is the signed-in admin's park (or the one a platform admin picked). */
export const QUERIES = {
  output: `query ($parkId: ID, $fromMonth: String!, $toMonth: String!) {
    cockpitOutput(parkId: $parkId, fromMonth: $fromMonth, toMonth: $toMonth) {
      months { month outputValue platformOutput }
      byIndustryGroup { industryGroup month outputValue }
      byStage { processCode month platformOutput }
      totals { outputValue platformOutput platformShare }
      processes { code nameZh nameEn }
    }
  }`,
  capacity: `query ($parkId: ID, $from: Date!, $to: Date!, $granularity: CapacityGranularity) {
    cockpitCapacity(parkId: $parkId, from: $from, to: $to, granularity: $granularity) {
      today
      cells { processCode period listed booked utilisation }
      idleNow { processCode idle }
      processes { code nameZh nameEn }
    }
  }`,
  orders: `query ($parkId: ID, $from: Date!, $to: Date!) {
    cockpitOrders(parkId: $parkId, from: $from, to: $to) {
      totals { posted planned confirmed delivered cancelled }
      fillRate orderOnTimeRate stageOnTimeRate averageQuoteToConfirmHours
    }
  }`,
  uplift: `query ($parkId: ID) {
    cockpitUplift(parkId: $parkId) {
      asOfMonth firms coveredFirms averageUpliftPercent totalAddedOutput
      buckets { lowerPercent upperPercent firms }
    }
  }`,
  evaluation: `query ($parkId: ID, $first: Int!) {
    cockpitEvaluation(parkId: $parkId) {
      round { id year version }
      previousRound { id year version }
      classes { class firms landAreaMu landShare }
      movement { fromClass toClass firms }
      dLand(first: $first) {
        totalCount
        nodes { firmId firmName plots areaMu taxPerMu score }
      }
    }
  }`,
  ranking: `query ($parkId: ID, $indicator: RankingIndicator!, $first: Int!) {
    cockpitRanking(parkId: $parkId, indicator: $indicator, first: $first) {
      indicator unit
      top { rank firmId firmName value explanation { query variables } }
      bottom { rank firmId firmName value explanation { query variables } }
    }
  }`,
};
