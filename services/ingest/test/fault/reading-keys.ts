/**
 * The readings a fault test publishes, named by an index n: reading n is sensor `f-<n % sensors>`, metric
 * `v`, at ts = baseTs + n ms. Every key is unique, and a stored row maps back to its index, so hundreds of
 * thousands of readings are tracked in byte maps (published / acknowledged / stored) instead of string sets.
 */

export const METRIC = 'v';

export interface KeySpace {
  baseTs: number;
  sensors: number;
  /** Indexes 0 … capacity-1 may be used. */
  capacity: number;
  sensorOf(n: number): string;
  tsOf(n: number): number;
  /** `f-12|v|2026-12-01T16:41:42.012Z`, for messages. */
  keyOf(n: number): string;
  /** The index of a stored row, or null when the row is not one of ours. */
  indexOf(sensorId: string, metric: string, ms: number): number | null;
}

export function keySpace(capacity: number, sensors = 500, baseTs = Date.now() - 3_600_000): KeySpace {
  // Whole seconds: the ms offset is then exactly n.
  const base = Math.floor(baseTs / 1000) * 1000;
  return {
    baseTs: base,
    sensors,
    capacity,
    sensorOf: (n) => `f-${n % sensors}`,
    tsOf: (n) => base + n,
    keyOf: (n) => `f-${n % sensors}|${METRIC}|${new Date(base + n).toISOString()}`,
    indexOf(sensorId, metric, ms) {
      const n = ms - base;
      if (!Number.isInteger(n) || n < 0 || n >= capacity) return null;
      if (metric !== METRIC || sensorId !== `f-${n % sensors}`) return null;
      return n;
    },
  };
}

/** One flag per index. */
export type Flags = Uint8Array;

export function countFlags(flags: Flags): number {
  let c = 0;
  for (let i = 0; i < flags.length; i++) c += flags[i]!;
  return c;
}

export interface Comparison {
  published: number;
  acked: number;
  stored: number;
  /** Acknowledged to the publisher but not stored: lost. */
  lostAcked: number[];
  /** Published (acknowledged or not) but not stored. */
  missing: number[];
  /** Stored but never published by this test (should be impossible). */
  unexpected: number[];
  /** One line for assertion messages, with a few example keys. */
  summary: string;
}

export function compare(space: KeySpace, published: Flags, acked: Flags, stored: Flags): Comparison {
  const lostAcked: number[] = [];
  const missing: number[] = [];
  const unexpected: number[] = [];
  let p = 0;
  let a = 0;
  let s = 0;
  for (let n = 0; n < space.capacity; n++) {
    const isPublished = published[n] === 1;
    const isAcked = acked[n] === 1;
    const isStored = stored[n] === 1;
    p += isPublished ? 1 : 0;
    a += isAcked ? 1 : 0;
    s += isStored ? 1 : 0;
    if (isAcked && !isStored) lostAcked.push(n);
    if (isPublished && !isStored) missing.push(n);
    if (isStored && !isPublished) unexpected.push(n);
  }
  const examples = (list: number[]) =>
    list.length === 0
      ? ''
      : ` e.g. ${list
          .filter((_, i) => i % Math.max(1, Math.floor(list.length / 5)) === 0)
          .slice(0, 5)
          .map((n) => `#${n} ${space.keyOf(n)}`)
          .join(', ')}`;
  const summary =
    `${s} of ${p} published readings stored (${a} acknowledged to the publisher); ` +
    `${lostAcked.length} acknowledged but not stored${examples(lostAcked)}; ` +
    `${missing.length} published but not stored${lostAcked.length === 0 ? examples(missing) : ''}; ` +
    `${unexpected.length} stored but never published${examples(unexpected)}`;
  return { published: p, acked: a, stored: s, lostAcked, missing, unexpected, summary };
}
