/**
 * The storm scenario: every `everyMin` minutes of data time (on the clock: with 20, at :00, :20 and :40) a
 * storm raises the water level at the storm-drain sensors of one district for `lastsMin` minutes — a minute
 * rising, a minute falling — then it drains back. With the San Francisco pack's `flood-watch` rule (level_cm
 * above 120 for 2 minutes) each storm opens a flooding incident per sensor of that district, and resolves it
 * once the level has been back down for 5 minutes. Pure: the level at any instant can be recomputed.
 */
import { hashSeed } from './prng.js';

/** How far a storm at its height raises a storm drain's level (cm); normal levels are 10–40 cm. */
export const STORM_RISE_CM = 160;
const RAMP_MS = 60_000;

export interface StormPlan {
  everyMs: number;
  lastsMs: number;
  /** The districts a storm may hit (those with water-level sensors), one per storm in turn. */
  districts: readonly string[];
  seed: number;
}

export function stormPlan(
  everyMin: number,
  districts: readonly string[],
  seed: number,
  lastsMin = 6,
): StormPlan | null {
  if (!(everyMin > 0) || districts.length === 0) return null;
  const everyMs = everyMin * 60_000;
  return {
    everyMs,
    // NOTE: at most half the period, so storms never run into each other however often they come.
    lastsMs: Math.min(lastsMin * 60_000, everyMs / 2),
    districts: [...new Set(districts)].sort(),
    seed,
  };
}

/** The storm at `ts`: its district and how strong it is there (0–1), or null between storms. */
export function stormAt(plan: StormPlan | null, ts: number): { district: string; intensity: number } | null {
  if (!plan) return null;
  const index = Math.floor(ts / plan.everyMs);
  const into = ts - index * plan.everyMs;
  if (into >= plan.lastsMs) return null;
  const ramp = Math.min(RAMP_MS, plan.lastsMs / 2);
  const intensity = Math.min(1, into / ramp, (plan.lastsMs - into) / ramp);
  const district = plan.districts[hashSeed(plan.seed, 'storm', index) % plan.districts.length]!;
  return { district, intensity };
}

/** How much the storm raises a sensor's water level at `ts` (cm). */
export function stormRiseCm(plan: StormPlan | null, district: string, ts: number): number {
  const storm = stormAt(plan, ts);
  return storm && storm.district === district ? STORM_RISE_CM * storm.intensity : 0;
}
