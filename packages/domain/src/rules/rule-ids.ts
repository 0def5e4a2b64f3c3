/**
 * The ids a rule writes under, derived from what it acted on and never from a clock or a counter: the live
 * engine after a crash, a second leader, and the dry run all name the same action the same way, so storage
 * drops a repeat as a duplicate (BRIEF: "replays of the same id change nothing").
 */
import { ID_REGEX } from '../patterns.js';

/** Ids are at most 128 characters (patterns.ts); longer ones are shortened with a hash of the whole. */
const MAX_ID = 128;

/** FNV-1a over the UTF-16 code units, two 32-bit lanes: stable everywhere, no I/O, no crypto needed. */
function hash(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** Characters a sensor id may hold that an incident id may not are already excluded by ID_PATTERN. */
function fit(id: string): string {
  if (id.length <= MAX_ID && ID_REGEX.test(id)) return id;
  // NOTE: keep a readable head (the rule) and make the tail unique; 17 = "." + 16 hex digits.
  return `${id.slice(0, MAX_ID - 17).replace(/[^A-Za-z0-9._:-]/g, '-')}.${hash(id)}`;
}

/** The incident one sensor-condition episode opens: `rule.<ruleId>.<sensorId>.<episode start ts>`. */
export function episodeIncidentId(ruleId: string, sensorId: string, startTs: number): string {
  return fit(`rule.${ruleId}.${sensorId}.${startTs}`);
}

/** The event a rule writes for an action; `suffix` names the action (`opened`, `resolved`, a department). */
export function ruleEventId(base: string, suffix: string): string {
  return fit(`${base}:${suffix}`);
}

/** The base of the events a rule writes about someone else's incident: `rule.<ruleId>.<incidentId>`. */
export function ruleIncidentBase(ruleId: string, incidentId: string): string {
  return `rule.${ruleId}.${incidentId}`;
}
