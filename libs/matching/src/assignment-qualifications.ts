import { Assignment, CapacityOffer, OrderDemand, Plan } from './engine';
import { QuoteOutcome } from './quote.service';

/** What made a firm eligible for a stage, beyond process and price: its rating and the certifications required. */
export interface AssignmentQualifications {
  /** The firm's supplier rating (0–5) when it was planned. */
  rating: number | null;
  /** The stage's required certification types, each held by the firm, valid on every day it works. */
  certifications: string[];
}

export type QualifiedAssignment = Assignment & { qualifications?: AssignmentQualifications };
export type QualifiedPlan = Omit<Plan, 'assignments'> & { assignments: QualifiedAssignment[] };

export function qualificationsOf(
  assignment: Assignment,
  demand: OrderDemand | undefined,
  offer: CapacityOffer | undefined,
): AssignmentQualifications {
  const stage = demand?.route.find((candidate) => candidate.seq === assignment.stageSeq);
  return { rating: offer?.rating ?? null, certifications: stage?.requiredCertifications ?? [] };
}

/** A quote's plan with each assignment's qualifications, as it is answered and kept with the order. */
export function qualifiedPlan(outcome: Pick<QuoteOutcome, 'demand' | 'plan' | 'candidates'>): QualifiedPlan {
  const offers = new Map(outcome.candidates.offers.map((offer) => [offer.listingId, offer]));
  return {
    ...outcome.plan,
    assignments: outcome.plan.assignments.map((assignment) => ({
      ...assignment,
      qualifications: qualificationsOf(assignment, outcome.demand, offers.get(assignment.listingId)),
    })),
  };
}
