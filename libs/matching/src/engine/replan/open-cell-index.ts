import type { AllocationState } from './allocation-state';

/**
 * For each process and day, "the next listing with room" in cheapest-first order, as a union-find over the
 * process's listings: a full cell points past itself, so scans skip runs of full cells in near-constant time.
 * Cells only fill up while routing. When the state gives capacity back on a cell, only the row's positions up to
 * that listing's can point past it, so just that prefix of the (process, day) row is rebuilt, on next use.
 */
export class OpenCellIndex {
  private readonly next: Int32Array[];
  /** Per (process, day) row: the furthest position given capacity back since the row was built, or -1. */
  private readonly reopenedUpTo: Int32Array;
  private reopened = true;

  constructor(private readonly state: AllocationState) {
    const { processListings, dayCount } = state.model;
    this.next = processListings.map((list) => new Int32Array((list.length + 1) * dayCount));
    this.reopenedUpTo = new Int32Array(processListings.length * dayCount);
    processListings.forEach((list, p) => this.reopenedUpTo.fill(list.length, p * dayCount, (p + 1) * dayCount));
    state.onRelease((listing, t) => this.reopen(listing, t));
  }

  /** Rebuilds the row prefixes where capacity was given back. */
  sync(): void {
    if (!this.reopened) return;
    this.reopened = false;
    const { model, residual, listingLeft } = this.state;
    const T = model.dayCount;
    model.processListings.forEach((list, p) => {
      const next = this.next[p];
      const n = list.length;
      for (let t = 0; t < T; t++) {
        const upTo = this.reopenedUpTo[p * T + t];
        if (upTo < 0) continue;
        this.reopenedUpTo[p * T + t] = -1;
        const base = t * (n + 1);
        for (let i = 0; i <= Math.min(upTo, n - 1); i++) {
          const l = list[i];
          next[base + i] = residual[l * T + t] > 0 && listingLeft[l] >= 1 ? i : i + 1;
        }
        next[base + n] = n;
      }
    });
  }

  private reopen(listing: number, t: number): void {
    const { listingProcess, listingPosition, dayCount } = this.state.model;
    const row = listingProcess[listing] * dayCount + t;
    this.reopenedUpTo[row] = Math.max(this.reopenedUpTo[row], listingPosition[listing]);
    this.reopened = true;
  }

  /** Position of the first listing with room at or after `from` in process `p`'s list on day `t`. */
  find(p: number, t: number, from: number): number {
    const next = this.next[p];
    const base = t * (this.state.model.processListings[p].length + 1);
    let root = from;
    while (next[base + root] !== root) root = next[base + root];
    for (let i = from; next[base + i] !== root;) {
      const after = next[base + i];
      next[base + i] = root;
      i = after;
    }
    return root;
  }

  markFull(listing: number, t: number): void {
    const { listingProcess, listingPosition, processListings } = this.state.model;
    const p = listingProcess[listing];
    const i = listingPosition[listing];
    this.next[p][t * (processListings[p].length + 1) + i] = i + 1;
  }
}
