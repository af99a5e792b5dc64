/**
 * Fills one stage of the pipelined flow from ranked listings.
 *
 * Number the stage's units 1..q in flow order. Unit j may be worked from the first day the upstream has released j
 * units (`available`) up to the last day the downstream can still wait for it (`required`). Both bounds grow with j,
 * so a set of listing-day slots can take distinct units exactly when a sweep that gives each slot the oldest unit
 * not yet expired never runs past the released units (Hall's condition for these intervals). Such slot sets form a
 * transversal matroid: taking listings best first, each as many units as still fit, maximises the summed score,
 * and reaches all q units whenever any choice of slots does. Earliest days first within a listing keeps the flow
 * early for the next stage. Minimum order quantities break the matroid, hence the small repair at the end.
 */

export interface StageWindow {
  /** Units the upstream has released by day t (cumulative), for the stage's days t = 0..last. */
  available: Float64Array;
  /** Units that must be done by day t so the downstream still makes the due date (cumulative). */
  required: Float64Array;
  quantity: number;
}

/** A listing for this stage: its days are positions from..to-1 of arrays it may share with other candidates. */
export interface StageCandidate {
  /** Ascending day indexes within the window. */
  days: ArrayLike<number>;
  /** Units free on those days. */
  free: ArrayLike<number>;
  from: number;
  to: number;
  minOrderQuantity: number;
}

export interface StageFill {
  total: number;
  /** Units per used candidate (by index into the candidates) for its positions from..to-1. */
  taken: Map<number, number[]>;
  /** Candidates passed over because what still fitted stayed below their minimum order quantity. */
  blockedByMinOrder: number[];
}

/** How many blocked candidates the repair may force in: bounds the work when the stage cannot be filled anyway. */
const MIN_ORDER_REPAIRS = 8;

/**
 * Best-first fill; when it comes up short because candidates were blocked by their minimum order quantity, retries
 * with one of them committed to its minimum first (best blocked first), so better listings leave room for it.
 */
export function fillStage(window: StageWindow, candidates: readonly StageCandidate[]): StageFill {
  const greedy = fillBestFirst(window, candidates);
  if (greedy.total === window.quantity) return greedy;
  for (const forced of greedy.blockedByMinOrder.slice(0, MIN_ORDER_REPAIRS)) {
    const repaired = fillBestFirst(window, candidates, forced);
    if (repaired.total === window.quantity) return repaired;
  }
  return greedy;
}

function fillBestFirst(window: StageWindow, candidates: readonly StageCandidate[], forced?: number): StageFill {
  const flow = new UnitFlow(window);
  const taken = new Map<number, number[]>();
  const totals = new Map<number, number>();
  const blockedByMinOrder: number[] = [];

  const take = (index: number, limit: number): number => {
    const candidate = candidates[index];
    const units = taken.get(index) ?? new Array<number>(candidate.to - candidate.from).fill(0);
    const added = flow.add(candidate, units, limit);
    if (added > 0) taken.set(index, units);
    totals.set(index, (totals.get(index) ?? 0) + added);
    return added;
  };
  const release = (index: number): void => {
    const units = taken.get(index);
    if (!units) return;
    flow.remove(candidates[index], units);
    taken.delete(index);
    totals.delete(index);
  };
  const optimisticRoom = (index: number): number => {
    const { days, free, from, to } = candidates[index];
    const units = taken.get(index);
    let room = 0;
    for (let k = from; k < to; k++)
      room += Math.max(0, Math.min(free[k] - (units?.[k - from] ?? 0), flow.roomOn(days[k])));
    return room;
  };

  if (forced !== undefined) {
    const minimum = candidates[forced].minOrderQuantity;
    if (take(forced, minimum) < minimum) release(forced);
  }
  for (let index = 0; index < candidates.length && flow.total < window.quantity && flow.hasRoom(); index++) {
    const missing = candidates[index].minOrderQuantity - (totals.get(index) ?? 0);
    if (missing > 0) {
      const room = optimisticRoom(index);
      if (room < missing) {
        if (room > 0) blockedByMinOrder.push(index);
        continue;
      }
    }
    const added = take(index, Infinity);
    if ((totals.get(index) ?? 0) < candidates[index].minOrderQuantity) {
      release(index);
      if (added > 0) blockedByMinOrder.push(index);
    }
  }
  return { total: flow.total, taken, blockedByMinOrder };
}

/** The sweep of the module comment, refreshed after every change so `roomOn` is exact. */
class UnitFlow {
  total = 0;
  private readonly perDay: Float64Array;
  /** Units consumed (taken or expired) by the end of day t. */
  private readonly consumed: Float64Array;
  /** Units that expired unmatched when entering day t: they let an extra unit on an earlier day be absorbed. */
  private readonly expiring: Float64Array;
  /** Most units that can still be added on day t alone. */
  private readonly room: Float64Array;
  private maxRoom = 0;

  constructor(private readonly window: StageWindow) {
    const days = window.available.length;
    this.perDay = new Float64Array(days);
    this.consumed = new Float64Array(days);
    this.expiring = new Float64Array(days);
    this.room = new Float64Array(days);
    this.refresh();
  }

  roomOn(day: number): number {
    return this.room[day];
  }

  hasRoom(): boolean {
    return this.maxRoom > 0;
  }

  /**
   * Adds as many of the candidate's free units as fit, at most `limit`, earliest days first, into `units` (its
   * positions from..to-1); returns how many. One sweep instead of a refresh per day: units added earlier raise
   * `consumed` on later days by `raised`, which each unmatched expiry absorbs in part, and the room on a later
   * day shrinks by exactly what is still raised there.
   */
  add(candidate: StageCandidate, units: number[], limit: number): number {
    const { days, free, from, to } = candidate;
    let added = 0;
    let raised = 0;
    let previousDay = -1;
    for (let k = from; k < to && added < limit; k++) {
      const day = days[k];
      for (let between = previousDay + 1; between <= day && raised > 0; between++) {
        raised = Math.max(0, raised - this.expiring[between]);
      }
      previousDay = day;
      const fits = Math.min(free[k] - units[k - from], this.room[day] - raised, limit - added);
      if (fits <= 0) continue;
      units[k - from] += fits;
      this.perDay[day] += fits;
      raised += fits;
      added += fits;
    }
    if (added > 0) {
      this.total += added;
      this.refresh();
    }
    return added;
  }

  remove({ days, from, to }: StageCandidate, units: readonly number[]): void {
    for (let k = from; k < to; k++) {
      this.perDay[days[k]] -= units[k - from];
      this.total -= units[k - from];
    }
    this.refresh();
  }

  private refresh(): void {
    const { available, required } = this.window;
    const last = available.length - 1;
    let consumed = 0;
    for (let day = 0; day <= last; day++) {
      const expired = day > 0 ? required[day - 1] : 0;
      const start = Math.max(consumed, expired);
      this.expiring[day] = start - consumed;
      consumed = start + this.perDay[day];
      this.consumed[day] = consumed;
    }
    let room = last >= 0 ? available[last] - this.consumed[last] : 0;
    let maxRoom = room;
    if (last >= 0) this.room[last] = room;
    for (let day = last - 1; day >= 0; day--) {
      room = Math.min(available[day] - this.consumed[day], room + this.expiring[day + 1]);
      this.room[day] = room;
      if (room > maxRoom) maxRoom = room;
    }
    this.maxRoom = maxRoom;
  }
}
