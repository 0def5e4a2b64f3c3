/**
 * Incident events on a department's events topic: one event or an array of them. The department is the
 * topic's (the one that acted), never the payload's.
 */

import { categoryKey, normalizeCategory } from './category.js';
import { incidentSource, PUBLIC_ACTOR_PREFIX, RULE_ACTOR_PREFIX } from './incident-source.js';
import { MAX_ITEMS_PER_MESSAGE } from './limits.js';
import { Problems, problem } from './problems.js';
import type { DecodeResult, IngestRecord } from './records.js';
import {
  CategorySchema,
  INCIDENT_TYPE_FIELDS,
  type IncidentEvent,
  IncidentEventBase,
  Timestamp,
} from './schemas.js';
import { parseTimestamp } from './time.js';
import {
  collectSchemaProblems,
  collectTextProblems,
  compiled,
  isPlainObject,
} from './validation-messages.js';

/** Free-text fields of an event: shown on screens, exported, stored in jsonb. */
const TEXT_FIELDS = Object.fromEntries(
  (['actor', 'note', 'title', 'unit', 'category'] as const).map((f) => [f, IncidentEventBase.properties[f]]),
);

export function decodeIncidentEvents(department: string, body: unknown, now: number): DecodeResult {
  const items = Array.isArray(body) ? body : [body];
  if (items.length === 0) return fail(problem('payload', 'an empty array (expected incident events)'));
  // NOTE: checked before looking at any item, so a huge array costs one comparison.
  if (items.length > MAX_ITEMS_PER_MESSAGE)
    return fail(
      problem(
        'payload',
        `an array of ${items.length} items, more than the limit of ${MAX_ITEMS_PER_MESSAGE}`,
      ),
    );
  const records: IngestRecord[] = [];
  const problems = Problems.create();
  items.forEach((item, i) => {
    const scope = Array.isArray(body) ? problems.scoped(`item ${i}: `) : problems;
    const event = validateIncidentEvent(scope, department, item, now);
    if (event && reservedActor(scope, event)) return;
    if (event) records.push({ kind: 'incident-event', event });
  });
  return { records, errors: problems.list() };
}

/**
 * Validates one incident event; used by the MQTT path and by the HTTP actions, so both apply one rule set.
 * Returns the event as stored, or every problem as one reason (sentences joined by "; ").
 */
export function decodeIncidentEvent(department: string, item: unknown, now: number): IncidentEvent | string {
  const problems = Problems.create();
  return validateIncidentEvent(problems, department, item, now) ?? problems.list().join('; ');
}

/** The event as stored, or null after adding its problems. */
function validateIncidentEvent(
  problems: Problems,
  department: string,
  item: unknown,
  now: number,
): IncidentEvent | null {
  const before = problems.count;
  collectSchemaProblems(problems, IncidentEventBase, item, 'incident event');
  if (!isPlainObject(item)) return null;
  const type = item.type;
  if (typeof type === 'string' && Object.hasOwn(INCIDENT_TYPE_FIELDS, type)) {
    const required = INCIDENT_TYPE_FIELDS[type as keyof typeof INCIDENT_TYPE_FIELDS];
    for (const field of required) {
      if (item[field] === undefined)
        problems.add(problem(field, `missing (${article(type)} ${type} event needs it)`));
    }
  }
  let ts: number | null = null;
  if (compiled(Timestamp).Check(item.ts)) {
    const parsed = parseTimestamp(item.ts, now);
    if (typeof parsed === 'string') problems.add(parsed);
    else ts = parsed;
  }
  collectTextProblems(problems, item, TEXT_FIELDS);
  const category = typeof item.category === 'string' ? normalizeCategory(item.category) : undefined;
  // Only a category the schema accepted: one problem per mistake.
  if (category !== undefined && compiled(CategorySchema).Check(item.category))
    collectCategoryProblems(problems, category);
  if (problems.count > before || ts === null) return null;
  // NOTE: unknown extra properties are dropped rather than stored, so a hostile producer cannot bloat rows.
  return pickKnown({ ...item, ts, department, category });
}

/**
 * A feed may not write as a rule or as the public: those actors (incident-source.ts) are the service's own,
 * and an incident's source is read off them. Only the MQTT path checks this; the service's own writers
 * (rules, Open311) build their events with decodeIncidentEvent.
 */
function reservedActor(problems: Problems, event: IncidentEvent): boolean {
  if (incidentSource(event.actor) === 'department') return false;
  problems.add(
    problem(
      'actor',
      `must not start with "${RULE_ACTOR_PREFIX}" or "${PUBLIC_ACTOR_PREFIX}" (reserved for the service's own rules and public reports)`,
    ),
  );
  return true;
}

/**
 * What the schema cannot say about a category: blank once trimmed (the schema only sees white space as
 * text), or nothing to group by (no letter or digit, so its key would be empty).
 */
function collectCategoryProblems(problems: Problems, category: string): void {
  if (category === '') problems.add(problem('category', 'must not be blank'));
  else if (categoryKey(category) === '')
    problems.add(problem('category', 'must contain at least one letter or digit'));
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

function fail(error: string): DecodeResult {
  return { records: [], errors: [error] };
}

const EVENT_KEYS = [
  'eventId',
  'incidentId',
  'type',
  'ts',
  'department',
  'actor',
  'note',
  'category',
  'severity',
  'lat',
  'lon',
  'title',
  'unit',
  'toDepartment',
  'unitStatus',
] as const;

/** Copies only the contract's fields, so `__proto__`, `constructor` or any extra key never reaches storage. */
function pickKnown(event: Record<string, unknown>): IncidentEvent {
  const out: Record<string, unknown> = {};
  for (const key of EVENT_KEYS) if (event[key] !== undefined) out[key] = event[key];
  return out as unknown as IncidentEvent;
}
