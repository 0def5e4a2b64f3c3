/**
 * Metric names are keys of `values` and `units` objects everywhere downstream (jsonb, maps in the browser),
 * so they are checked by hand: TypeBox's Record skips keys that miss its key pattern instead of refusing
 * them, and names like `__proto__` match the pattern yet reach Object.prototype machinery when used as keys.
 */
import { RESERVED_METRIC_NAMES } from './limits.js';
import { METRIC_NAME_REGEX } from './patterns.js';
import { type Problems, problem } from './problems.js';
import { METRIC_NAME_RULE } from './schemas.js';
import { quote } from './text.js';

/** What is wrong with `name` as a metric name, in plain words, or null. */
function metricNameWords(name: string): string | null {
  if (RESERVED_METRIC_NAMES.includes(name)) return 'reserved, not allowed as a metric name';
  if (!METRIC_NAME_REGEX.test(name)) return `not a metric name: it must be ${METRIC_NAME_RULE.description}`;
  return null;
}

/**
 * Why `name` cannot be a metric name, or null. `field` names where it was found: by default the key itself
 * (`values["pm 2.5"]`); a SenML record names its `n` field, and the name is then quoted after it.
 */
export function metricNameProblem(name: string, field?: string): string | null {
  const words = metricNameWords(name);
  if (words === null) return null;
  return field === undefined
    ? problem(`values[${quote(name)}]`, words)
    : problem(field, `${words} (got ${quote(name)})`);
}

/** Adds the problem of every bad key of `object` (a `values` or `units` object from a parsed payload). */
export function collectMetricNameProblems(problems: Problems, object: object, where = 'values'): void {
  for (const name of Object.keys(object)) {
    const words = metricNameWords(name);
    if (words !== null) problems.add(problem(`${where}[${quote(name)}]`, words));
  }
}

/**
 * A copy of validated values holding only own data properties, on a normal prototype. Safe to build by
 * assignment because reserved names were refused before; the copy also drops anything a parser might
 * have attached to the original object.
 */
export function copyValues<T>(values: Record<string, T>): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [name, value] of Object.entries(values)) out[name] = value;
  return out;
}
