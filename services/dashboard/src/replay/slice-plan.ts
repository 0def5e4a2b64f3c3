/**
 * How a replay window is fetched: contiguous slices, the first one short so the first frame comes fast, the
 * rest whole hours of data time (sized so a busy hour stays a small answer), fetched in order ahead of the
 * playhead. Pure: which slices exist and which to ask for next.
 */

/** The first slice: a few minutes, enough to draw the opening frame and start playing. */
export const FIRST_SLICE_MS = 5 * 60_000;
export const SLICE_MS = 60 * 60_000;

export interface SliceSpan {
  from: number;
  to: number;
}

/**
 * The window cut into contiguous slices: [from, from + first], then up to the next whole `sliceMs` (from the
 * epoch: UTC hours), then `sliceMs` each, the last one short. NOTE: slices on whole hours, because a day
 * window's readings come in hourly buckets: the server answers a whole hour from its hourly rollup (one row
 * per sensor) and only a partial hour by re-binning its minutes.
 */
export function planSlices(
  from: number,
  to: number,
  firstMs: number = FIRST_SLICE_MS,
  sliceMs: number = SLICE_MS,
): SliceSpan[] {
  if (!(to > from)) return [];
  const step = Math.max(1, sliceMs);
  const slices: SliceSpan[] = [];
  let start = from;
  let end = Math.min(to, from + Math.max(1, firstMs));
  while (start < to) {
    slices.push({ from: start, to: end });
    start = end;
    end = Math.min(to, (Math.floor(start / step) + 1) * step);
  }
  return slices;
}

/** Readings a request covers at most after the first slice, in data time: a day at hourly buckets. */
export function readingSpanMs(bucketMs: number, sliceMs: number = SLICE_MS): number {
  return bucketMs >= 60 * 60_000 ? 24 * sliceMs : sliceMs;
}

export interface ReadingSpanPlan {
  /** Contiguous spans, each the union of whole slices. */
  spans: SliceSpan[];
  /** Per slice, the index of the span that holds it. */
  spanOf: number[];
}

/**
 * Which slices' readings one request fetches together: the first slice alone (its readings are the first
 * frame, which must not wait for more), then runs of consecutive slices up to `spanMs` of data time each.
 * NOTE: every request costs each series' lead (an index probe, ~0.04 ms × 2,000 series) and a scan of its
 * rollup range; at hourly buckets a slice is one row per series, so a day of slices in one request costs
 * about what one slice did (docs/benchmarks.md).
 */
export function planReadingSpans(slices: readonly SliceSpan[], spanMs: number): ReadingSpanPlan {
  const spans: SliceSpan[] = [];
  const spanOf: number[] = [];
  slices.forEach((slice, i) => {
    const current = spans[spans.length - 1];
    if (i > 1 && current && slice.to - current.from <= spanMs) current.to = slice.to;
    else spans.push({ from: slice.from, to: slice.to });
    spanOf.push(spans.length - 1);
  });
  return { spans, spanOf };
}

/** The slice that holds `t` (a slice holds (from, to]; the window's first instant is in the first). */
export function sliceIndexAt(slices: readonly SliceSpan[], t: number): number {
  for (let i = 0; i < slices.length; i++) if (t <= (slices[i] as SliceSpan).to) return i;
  return slices.length - 1;
}

/**
 * The slices to ask for next. Slices join the index in order, so loading is a prefix: `loaded` of them are
 * in, `inFlight` more are on their way. Ask for more while the loaded-or-coming data ends less than `aheadMs`
 * of data time after the playhead, at most `maxInFlight` at once. A playhead beyond the loaded data (a seek
 * forward) needs every slice up to it, in order.
 */
export function nextSlicesToFetch(
  slices: readonly SliceSpan[],
  loaded: number,
  inFlight: number,
  playhead: number,
  aheadMs: number,
  maxInFlight = 2,
): number[] {
  const wanted: number[] = [];
  let next = loaded + inFlight;
  let coming = inFlight;
  while (next < slices.length && coming < maxInFlight) {
    const edge = next === 0 ? Number.NEGATIVE_INFINITY : (slices[next - 1] as SliceSpan).to;
    if (edge >= playhead + aheadMs) break;
    wanted.push(next);
    next++;
    coming++;
  }
  return wanted;
}

/** How far ahead to fetch, in data time: about 20 s of playing at the current speed, at least a slice. */
export function fetchAheadMs(speed: number, sliceMs: number = SLICE_MS): number {
  return Math.max(sliceMs, speed * 20_000);
}
