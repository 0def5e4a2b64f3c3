/**
 * What the replay's timeline draws, from the replay index: incidents reported per department in equal bins
 * of the window (the density bars). The trails are replay/trails.ts.
 */
import type { ReplayIndex } from '@twin/domain';

export interface DensityBins {
  /** Per bin: reports per department. */
  counts: Map<string, number>[];
  /** The tallest bin's total (at least 1, so bars scale). */
  max: number;
}

/** Reports per department per bin: each incident counted once, in the bin of its first state's opening. */
export function densityBins(index: ReplayIndex, from: number, to: number, bins: number): DensityBins {
  const counts = Array.from({ length: bins }, () => new Map<string, number>());
  const span = to - from;
  for (const track of index.tracks.values()) {
    const state = track.states.find((s) => s !== null);
    if (!state || state.openedAt < from || state.openedAt > to || span <= 0) continue;
    const bin = Math.min(bins - 1, Math.floor(((state.openedAt - from) / span) * bins));
    const counter = counts[bin] as Map<string, number>;
    counter.set(state.department, (counter.get(state.department) ?? 0) + 1);
  }
  let max = 1;
  for (const counter of counts) {
    let total = 0;
    for (const n of counter.values()) total += n;
    max = Math.max(max, total);
  }
  return { counts, max };
}
