/**
 * Metric names are keys of `values` and `units` objects everywhere downstream (jsonb, maps in the browser),
 * so they are checked by hand: TypeBox's Record skips keys that miss its key pattern instead of refusing
 * them, and names like `__proto__` match the pattern yet reach Object.prototype machinery when used as keys.
 */
import { RESERVED_METRIC_NAMES } from './limits.js';
import { METRIC_NAME_REGEX } from './patterns.js';
import type { Problems } from './problems.js';
import { METRIC_NAME_RULE } from './schemas.js';
import { quote } from './text.js';

/** Why `name` cannot be a metric name, or null. `where` names the object, for names outside `values`. */
export function metricNameProblem(name: string, where = ''): string | null {
  const suffix = where === '' ? '' : ` in ${where}`;
  if (RESERVED_METRIC_NAMES.includes(name)) return `metric name ${quote(name)}${suffix} is reserved`;
  if (!METRIC_NAME_REGEX.test(name))
    return `metric name ${quote(name)}${suffix} must be ${METRIC_NAME_RULE.description}`;
  return null;
}

/** Adds the problem of every bad key of `object` (a `values` or `units` object from a parsed payload). */
export function collectMetricNameProblems(problems: Problems, object: object, where = ''): void {
  for (const name of Object.keys(object)) {
    const problem = metricNameProblem(name, where);
    if (problem) problems.add(problem);
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
