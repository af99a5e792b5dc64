import type { AllocationState } from './allocation-state';

/**
 * For each process and day, "the next listing with room" in cheapest-first order, as a union-find over the
 * process's listings: a full cell points past itself, so scans skip runs of full cells in near-constant time.
 * Cells only fill up while routing; when the state gives capacity back the index is rebuilt on next use.
 */
export class OpenCellIndex {
  private readonly next: Int32Array[];
  private version = -1;

  constructor(private readonly state: AllocationState) {
    const { processListings, dayCount } = state.model;
    this.next = processListings.map((list) => new Int32Array((list.length + 1) * dayCount));
  }

  /** Rebuilds when capacity was given back since the last build. */
  sync(): void {
    if (this.version === this.state.releases) return;
    this.version = this.state.releases;
    const { model, residual, listingLeft } = this.state;
    const T = model.dayCount;
    model.processListings.forEach((list, p) => {
      const next = this.next[p];
      const n = list.length;
      for (let t = 0; t < T; t++) {
        const base = t * (n + 1);
        for (let i = 0; i < n; i++) {
          const l = list[i];
          next[base + i] = residual[l * T + t] > 0 && listingLeft[l] >= 1 ? i : i + 1;
        }
        next[base + n] = n;
      }
    });
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
