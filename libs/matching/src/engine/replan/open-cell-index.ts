import type { AllocationState } from './allocation-state';

/**
 * For each process and day, "the next listing with room" in cheapest-first order, as a union-find over the
 * process's listings: a full cell points past itself, so scans skip runs of full cells in near-constant time.
 * Cells only fill up while routing; a (process, day) row where the state gave capacity back is rebuilt on next use.
 */
export class OpenCellIndex {
  private readonly next: Int32Array[];
  private version = -1;
  /** Per (process, day) row: the state's release count when this row was last rebuilt. */
  private readonly rowVersion: Int32Array;

  constructor(private readonly state: AllocationState) {
    const { processListings, dayCount } = state.model;
    this.next = processListings.map((list) => new Int32Array((list.length + 1) * dayCount));
    this.rowVersion = new Int32Array(processListings.length * dayCount).fill(-1);
  }

  /** Rebuilds the rows where capacity was given back since they were last built. */
  sync(): void {
    if (this.version === this.state.releases) return;
    this.version = this.state.releases;
    const { model, residual, listingLeft, rowReleased } = this.state;
    const T = model.dayCount;
    model.processListings.forEach((list, p) => {
      const next = this.next[p];
      const n = list.length;
      for (let t = 0; t < T; t++) {
        const row = p * T + t;
        if (this.rowVersion[row] >= 0 && rowReleased[row] <= this.rowVersion[row]) continue;
        this.rowVersion[row] = this.state.releases;
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
