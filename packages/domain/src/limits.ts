/**
 * The numeric bounds of wire contract v1, in one place so the schemas, the decoder, the docs
 * (docs/wire-contract.md, "Bounds and validation") and the ingest service cite the same numbers.
 */

/** Gateway, SenML and incident arrays are bounded: a message is a batch, not a bulk import. */
export const MAX_ITEMS_PER_MESSAGE = 10_000;

/** Metrics in one reading (`values`) and units in one sensor meta. */
export const MAX_METRICS_PER_READING = 64;

/**
 * Largest accepted |value| of a reading. Far beyond any physical measurement, yet small enough that the
 * database's `sum()` over a rollup bucket cannot overflow a double (two readings of 1e308 in one minute
 * did, and broke the 1-minute rollup for every sensor), and integers up to it are still exact (< 2^53).
 */
export const MAX_ABS_READING_VALUE = 1e15;

/** `seq` is a per-sensor counter; beyond 2^53 - 1 a double cannot tell neighbours apart, so gaps go wrong. */
export const MAX_SEQ = Number.MAX_SAFE_INTEGER;

/** Longest accepted topic, in characters. Valid topics are far shorter (ids ≤ 128, departments ≤ 40). */
export const MAX_TOPIC_LENGTH = 512;

/**
 * An incident's `category` is free text as the source writes it (`Noise - Residential`): after trimming,
 * 1 to this many characters. Long enough for real service-request taxonomies, short enough for a list row.
 */
export const MAX_CATEGORY_CHARS = 120;

/** A dead-letter reason lists at most this many problems, then `… and N more problems`. */
export const MAX_ERRORS_PER_MESSAGE = 20;

/**
 * Metric names that would reach `Object.prototype` machinery when used as a key (`obj[name] = v`) in any
 * consumer, so they are refused even though they match the metric-name pattern.
 */
export const RESERVED_METRIC_NAMES: readonly string[] = ['__proto__', 'constructor', 'prototype'];
