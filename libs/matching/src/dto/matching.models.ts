import { createUnionType, Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection, DateScalar, DateTimeScalar, DecimalScalar, DomainEvent, toModel } from '@vg/core';
import { OrderModel } from '@vg/orders';
import type { ProposalDayEntity } from '../proposal-day.entity';
import { ProposalEntity, ProposalStatus } from '../proposal.entity';
import { fenToYuan } from '../candidate-loader';
import type { AssignmentQualifications, QualifiedAssignment, QualifiedPlan } from '../assignment-qualifications';
import { Plan, ScoreExplanation, Shortfall } from '../engine';
import { fractionalFenToYuan } from '../proposal-writer';

registerEnumType(ProposalStatus, { name: 'ProposalStatus' });

@ObjectType('DailyUnits')
export class DailyUnitsModel {
  @Field(() => DateScalar)
  date: string;

  @Field(() => Int)
  units: number;

  static from(day: { date: string; units: number }): DailyUnitsModel {
    return toModel(DailyUnitsModel, { date: day.date, units: day.units });
  }
}

@ObjectType('MatchExplanation', {
  description: 'Why a firm was chosen: each part of its score in [0, 1] (a ranking aid, not an official figure).',
})
export class MatchExplanationModel {
  @Field(() => Float)
  total: number;

  @Field(() => Float)
  price: number;

  @Field(() => Float)
  dueDateSlack: number;

  @Field(() => Float)
  onTimeRecord: number;

  @Field(() => Float)
  qualityRecord: number;

  @Field(() => Float)
  samePark: number;

  @Field(() => Float)
  sameGroup: number;

  @Field(() => Float, { description: 'The re-plan fairness lever (0 in a quote).' })
  fairness: number;

  @Field(() => String)
  summary: string;

  /** From the engine's explanation, or the one stored with a proposal (the same fields, as JSON). */
  static from(explanation: ScoreExplanation | Record<string, unknown>): MatchExplanationModel {
    const stored = explanation as ScoreExplanation;
    return toModel(MatchExplanationModel, {
      total: stored.total,
      price: stored.price,
      dueDateSlack: stored.dueDateSlack,
      onTimeRecord: stored.onTimeRecord,
      qualityRecord: stored.qualityRecord,
      samePark: stored.samePark,
      sameGroup: stored.sameGroup,
      fairness: stored.fairness,
      summary: stored.summary,
    });
  }
}

@ObjectType('AssignmentQualifications', {
  description: 'What made the firm eligible beyond process and price (distance is on the assignment).',
})
export class AssignmentQualificationsModel {
  @Field(() => Float, { nullable: true, description: 'The firm’s supplier rating (0–5) when it was planned.' })
  rating: number | null;

  @Field(() => [String], { description: 'The required certification types it holds, valid on every day it works.' })
  certifications: string[];

  static from(qualifications: AssignmentQualifications | undefined): AssignmentQualificationsModel {
    return toModel(AssignmentQualificationsModel, {
      rating: qualifications?.rating ?? null,
      certifications: qualifications?.certifications ?? [],
    });
  }
}

@ObjectType('PlannedAssignment')
export class PlannedAssignmentModel {
  @Field(() => Int)
  stageSeq: number;

  @Field(() => String)
  processCode: string;

  @Field(() => ID)
  firmId: string;

  @Field(() => ID)
  listingId: string;

  @Field(() => Int)
  units: number;

  @Field(() => DecimalScalar, { description: 'Yuan per piece.' })
  unitPrice: string;

  @Field(() => DecimalScalar, { description: 'Yuan.' })
  cost: string;

  @Field(() => Float, {
    nullable: true,
    description: 'Great-circle km from the firm’s site to the delivery location; null when either is unknown.',
  })
  distanceKm: number | null;

  @Field(() => DecimalScalar, { description: 'Moving the goods: units × rate × distance, yuan (on top of cost).' })
  transportCost: string;

  @Field(() => AssignmentQualificationsModel)
  qualifications: AssignmentQualificationsModel;

  @Field(() => DateScalar)
  firstDay: string;

  @Field(() => DateScalar)
  lastDay: string;

  @Field(() => [DailyUnitsModel])
  days: DailyUnitsModel[];

  @Field(() => MatchExplanationModel)
  explanation: MatchExplanationModel;

  static from(assignment: QualifiedAssignment): PlannedAssignmentModel {
    return toModel(PlannedAssignmentModel, {
      stageSeq: assignment.stageSeq,
      processCode: assignment.processCode,
      firmId: assignment.firmId,
      listingId: assignment.listingId,
      units: assignment.units,
      unitPrice: fenToYuan(assignment.unitPriceFen),
      cost: fenToYuan(assignment.costFen),
      distanceKm: assignment.distanceKm ?? null,
      transportCost: fractionalFenToYuan(assignment.transportCostFen ?? 0),
      qualifications: AssignmentQualificationsModel.from(assignment.qualifications),
      firstDay: assignment.firstDay,
      lastDay: assignment.lastDay,
      days: assignment.days.map(DailyUnitsModel.from),
      explanation: MatchExplanationModel.from(assignment.explanation),
    });
  }
}

@ObjectType('QuoteShortfall')
export class QuoteShortfallModel {
  @Field(() => Int)
  stageSeq: number;

  @Field(() => String)
  processCode: string;

  @Field(() => String, {
    description:
      'The binding constraint: NO_CANDIDATE, PRICE_CEILING, MIN_ORDER_QUANTITY, CAPACITY, DUE_DATE, DISTANCE, ' +
      'RATING, CERTIFICATION or EXCLUDED.',
  })
  reason: string;

  @Field(() => Int)
  unitsShort: number;

  @Field(() => DateScalar, { nullable: true, description: 'The earliest due date that would work today.' })
  earliestFeasibleDueDate: string | null;

  @Field(() => String)
  message: string;

  static from(shortfall: Shortfall): QuoteShortfallModel {
    return toModel(QuoteShortfallModel, {
      stageSeq: shortfall.stageSeq,
      processCode: shortfall.processCode,
      reason: shortfall.reason,
      unitsShort: shortfall.unitsShort,
      earliestFeasibleDueDate: shortfall.earliestFeasibleDueDate,
      message: shortfall.message,
    });
  }
}

@ObjectType('Quote')
export class QuoteModel {
  @Field(() => Boolean, { description: 'True when the whole order can be made by the due date.' })
  feasible: boolean;

  @Field(() => Int)
  unitsPlanned: number;

  @Field(() => DecimalScalar, { description: 'Goods plus transport, yuan.' })
  totalCost: string;

  @Field(() => DecimalScalar, { description: 'Moving the goods, over all assignments, yuan (included in totalCost).' })
  transportCost: string;

  @Field(() => DateScalar, { nullable: true })
  completionDate: string | null;

  @Field(() => [PlannedAssignmentModel])
  assignments: PlannedAssignmentModel[];

  @Field(() => QuoteShortfallModel, { nullable: true })
  shortfall: QuoteShortfallModel | null;

  static from(plan: Plan | QualifiedPlan): QuoteModel {
    const transportFen = plan.assignments.reduce((sum, assignment) => sum + (assignment.transportCostFen ?? 0), 0);
    return toModel(QuoteModel, {
      feasible: plan.feasible,
      unitsPlanned: plan.unitsPlanned,
      totalCost: fractionalFenToYuan(plan.totalCostFen),
      transportCost: fractionalFenToYuan(transportFen),
      completionDate: plan.completionDate,
      assignments: plan.assignments.map(PlannedAssignmentModel.from),
      shortfall: plan.shortfall ? QuoteShortfallModel.from(plan.shortfall) : null,
    });
  }
}

@ObjectType('Proposal')
export class ProposalModel {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  orderId: string;

  @Field(() => Int)
  stageSeq: number;

  @Field(() => String)
  processCode: string;

  @Field(() => ID)
  firmId: string;

  @Field(() => ID)
  listingId: string;

  @Field(() => Int)
  units: number;

  @Field(() => DecimalScalar, { description: 'Yuan per piece.' })
  unitPrice: string;

  @Field(() => DecimalScalar, { description: 'Yuan.' })
  cost: string;

  @Field(() => Float, { nullable: true, description: 'Great-circle km from the firm’s site to the delivery location.' })
  distanceKm: number | null;

  @Field(() => DecimalScalar, { description: 'Moving the goods: units × rate × distance, yuan (on top of cost).' })
  transportCost: string;

  @Field(() => AssignmentQualificationsModel)
  qualifications: AssignmentQualificationsModel;

  @Field(() => DateScalar)
  firstDay: string;

  @Field(() => DateScalar)
  lastDay: string;

  @Field(() => ProposalStatus)
  status: ProposalStatus;

  @Field(() => String, { description: 'QUOTE, REQUOTE or REPLAN:<job id>.' })
  origin: string;

  @Field(() => DateTimeScalar, { description: 'Answer by then, or it goes back to matching.' })
  expiresAt: Date;

  @Field(() => String, { nullable: true })
  declineReason: string | null;

  @Field(() => Int)
  unitsDone: number;

  @Field(() => Int)
  unitsDelivered: number;

  @Field(() => Int)
  defectUnits: number;

  @Field(() => DateScalar, { nullable: true })
  deliveredOn: string | null;

  @Field(() => MatchExplanationModel)
  explanation: MatchExplanationModel;

  @Field(() => [DailyUnitsModel])
  days: DailyUnitsModel[];

  static from(proposal: ProposalEntity, days: ProposalDayEntity[]): ProposalModel {
    return toModel(ProposalModel, {
      id: proposal.id,
      orderId: proposal.orderId,
      stageSeq: proposal.stageSeq,
      processCode: proposal.processCode,
      firmId: proposal.firmId,
      listingId: proposal.listingId,
      units: proposal.units,
      unitPrice: proposal.unitPrice,
      cost: proposal.cost,
      distanceKm: proposal.distanceKm === null ? null : Number(proposal.distanceKm),
      transportCost: proposal.transportCost,
      qualifications: AssignmentQualificationsModel.from(
        proposal.explanation.qualifications as AssignmentQualifications | undefined,
      ),
      firstDay: proposal.firstDay,
      lastDay: proposal.lastDay,
      status: proposal.status,
      origin: proposal.origin,
      expiresAt: proposal.expiresAt,
      declineReason: proposal.declineReason,
      unitsDone: proposal.unitsDone,
      unitsDelivered: proposal.unitsDelivered,
      defectUnits: proposal.defectUnits,
      deliveredOn: proposal.deliveredOn,
      explanation: MatchExplanationModel.from(proposal.explanation),
      days: days.map(DailyUnitsModel.from),
    });
  }
}

export const ProposalConnection = Connection(ProposalModel, 'Proposal');

@ObjectType('ProposalAccepted')
export class ProposalAcceptedModel {
  @Field(() => ProposalModel)
  proposal: ProposalModel;

  @Field(() => OrderModel)
  order: OrderModel;

  static from(proposal: ProposalModel, order: OrderModel): ProposalAcceptedModel {
    return toModel(ProposalAcceptedModel, { proposal, order });
  }
}

@ObjectType('InsufficientCapacity', { description: 'Another booking took the capacity first; nothing was booked.' })
export class InsufficientCapacityModel {
  @Field(() => ID)
  proposalId: string;

  @Field(() => Int, { description: 'Pieces requested on the day that ran out.' })
  requested: number;

  @Field(() => Int, { description: 'Pieces still free on that day.' })
  available: number;

  static from(outcome: { proposalId: string; requested: number; available: number }): InsufficientCapacityModel {
    return toModel(InsufficientCapacityModel, {
      proposalId: outcome.proposalId,
      requested: outcome.requested,
      available: outcome.available,
    });
  }
}

export const AcceptProposalResult = createUnionType({
  name: 'AcceptProposalResult',
  types: () => [ProposalAcceptedModel, InsufficientCapacityModel] as const,
  resolveType: (value: object) => ('proposal' in value ? ProposalAcceptedModel : InsufficientCapacityModel),
});

@ObjectType('OrderEvent')
export class OrderEventModel {
  @Field(() => String)
  type: string;

  @Field(() => ID)
  orderId: string;

  @Field(() => ID, { description: 'The order or the proposal the event is about.' })
  subjectId: string;

  @Field(() => String, { description: 'JSON payload (no sensitive figures).' })
  payload: string;

  @Field(() => DateTimeScalar)
  occurredAt: Date;

  static from(event: DomainEvent): OrderEventModel {
    return toModel(OrderEventModel, {
      type: event.type,
      orderId: String(event.payload.orderId ?? event.subjectId),
      subjectId: event.subjectId,
      payload: JSON.stringify(event.payload),
      occurredAt: new Date(event.occurredAt),
    });
  }
}
