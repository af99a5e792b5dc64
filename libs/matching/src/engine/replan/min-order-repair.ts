import type { AllocationState } from './allocation-state';

/**
 * Makes every (order stage, listing) split reach the listing's minimum order quantity by taking away the bundles
 * that pass through a split below it, and bans that split so routing won't build it again. Taking away bundles can
 * push other splits of the same order below their minimum, so this repeats until none is left.
 * Returns the orders that lost units.
 */
export function dropSplitsBelowMinimum(state: AllocationState): Set<number> {
  const { model } = state;
  const touched = new Set<number>();
  for (;;) {
    const violations: number[] = [];
    for (const [key, units] of state.pairUnits) {
      if (units < model.minOrderQuantity[key % model.listingCount]) violations.push(key);
    }
    if (violations.length === 0) return touched;
    violations.sort((a, b) => a - b);
    for (const key of violations) {
      const stage = Math.floor(key / model.listingCount);
      const listing = key % model.listingCount;
      // An earlier removal in this round may have emptied the split already: then it is no longer a violation.
      if (!state.pairUnits.has(key)) continue;
      const order = model.stageOrder[stage];
      const s = stage - model.stageStart[order];
      for (const b of [...state.orderBundles[order]]) {
        if (Math.floor(state.bundleCell[b * state.stride + s] / model.dayCount) === listing) {
          state.shrinkBundle(b, state.bundleUnits[b]);
        }
      }
      state.banned.add(key);
      touched.add(order);
    }
  }
}
