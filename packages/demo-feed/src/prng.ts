/**
 * Seeded randomness. Everything the simulator generates is a pure function of a seed, so a fleet (and its
 * sensor ids, which are retained on the broker) is the same after every restart, and tests are exact.
 */

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough for demo data (not for anything security-related). */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes any number of integers (or strings) into one 32-bit seed, so sub-streams do not correlate. */
export function hashSeed(...parts: (number | string)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = typeof part === 'number' ? part.toString(36) : part;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0xff;
    h = Math.imul(h, 0x01000193);
  }
  // Final avalanche so that neighbouring inputs give unrelated outputs.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** A uniform value in [0, 1) for a key: stateless noise for pure value functions. */
export function hashUnit(...parts: (number | string)[]): number {
  return hashSeed(...parts) / 4294967296;
}

export function randInt(rng: Rng, min: number, maxInclusive: number): number {
  return min + Math.floor(rng() * (maxInclusive - min + 1));
}

export function randRange(rng: Rng, min: number, max: number): number {
  return min + rng() * (max - min);
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(rng() * items.length)] as T;
}

/** Picks by weight; weights need not sum to 1. */
export function pickWeighted<T>(rng: Rng, items: readonly { weight: number; value: T }[]): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let r = rng() * total;
  for (const item of items) {
    r -= item.weight;
    if (r < 0) return item.value;
  }
  const last = items[items.length - 1];
  if (!last) throw new Error('pickWeighted from an empty list');
  return last.value;
}

/** Standard normal deviate (Box–Muller). */
export function gaussian(rng: Rng): number {
  const u = Math.max(rng(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Waiting time of a Poisson process of `ratePerMs`: the gap to the next event. */
export function exponential(rng: Rng, ratePerMs: number): number {
  return -Math.log(Math.max(1 - rng(), Number.EPSILON)) / ratePerMs;
}
