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

export interface StageCandidate {
  /** Ascending day indexes within the window. */
  days: Int32Array;
  /** Units free on those days. */
  free: Int32Array;
  minOrderQuantity: number;
}

export interface StageFill {
  total: number;
  /** Units per used candidate (by index into the candidates), aligned with that candidate's days. */
  taken: Map<number, Int32Array>;
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
  const taken = new Map<number, Int32Array>();
  const totals = new Map<number, number>();
  const blockedByMinOrder: number[] = [];

  const take = (index: number, limit: number): number => {
    const { days, free } = candidates[index];
    let units = taken.get(index);
    let added = 0;
    for (let k = 0; k < days.length && added < limit; k++) {
      const fits = Math.min(free[k] - (units?.[k] ?? 0), flow.roomOn(days[k]), limit - added);
      if (fits <= 0) continue;
      if (!units) taken.set(index, (units = new Int32Array(days.length)));
      units[k] += fits;
      flow.add(days[k], fits);
      added += fits;
    }
    totals.set(index, (totals.get(index) ?? 0) + added);
    return added;
  };
  const release = (index: number): void => {
    const units = taken.get(index);
    if (!units) return;
    flow.remove(candidates[index].days, units);
    taken.delete(index);
    totals.delete(index);
  };
  const optimisticRoom = (index: number): number => {
    const { days, free } = candidates[index];
    const units = taken.get(index);
    let room = 0;
    for (let k = 0; k < days.length; k++)
      room += Math.max(0, Math.min(free[k] - (units?.[k] ?? 0), flow.roomOn(days[k])));
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

/** The sweep of the module comment, kept current after every change so `roomOn` is exact. */
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

  add(day: number, units: number): void {
    this.perDay[day] += units;
    this.total += units;
    this.refresh();
  }

  remove(days: Int32Array, units: Int32Array): void {
    for (let k = 0; k < days.length; k++) {
      this.perDay[days[k]] -= units[k];
      this.total -= units[k];
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
