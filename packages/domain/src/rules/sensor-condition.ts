/**
 * Sensor-condition rules as a state machine per (rule, sensor), stepped over that sensor's readings of the
 * rule's metric in time order. The live engine keeps the state between ticks (and restarts); the dry run
 * starts from an empty one: one definition, so both act the same on the same readings.
 *
 * - The condition holds when every reading for `forS` is beyond the threshold: the span from the first
 *   reading of an unbroken run beyond it to the current reading (the span the readings cover, not one reading).
 *   It fires at the reading that completes the span: one incident per episode, named after the episode's start.
 * - The episode's incident is resolved once readings have been on the safe side for `clearForS` (same span
 *   rule); then a new run can start a new episode with a new incident.
 * - A silence longer than the span asked for (and at least MAX_SILENCE_MS) breaks a run: nothing says what
 *   the value was meanwhile.
 * - A reading at or before the last one stepped is ignored (late or out of order): the live engine acts on
 *   the present; the dry run reads them in order anyway.
 */

import { ruleActor } from '../incident-source.js';
import type { IncidentEvent } from '../schemas.js';
import { episodeIncidentId, ruleEventId } from './rule-ids.js';
import type { Comparison, RuleAction, SensorConditionRule } from './rule-schema.js';

/** Shorter silences never break a run, whatever `forS` says (sensors report every few minutes at most). */
export const MAX_SILENCE_MS = 10 * 60_000;

export interface SensorRuleState {
  /** The newest reading stepped (epoch ms); null before any. */
  lastTs: number | null;
  /** Start of the current unbroken run beyond the threshold (no open episode), or null. */
  beyondSince: number | null;
  /** The open episode, or null. */
  episode: { startTs: number; incidentId: string } | null;
  /** Start of the current run on the safe side while an episode is open, or null. */
  clearSince: number | null;
}

export const EMPTY_SENSOR_RULE_STATE: SensorRuleState = Object.freeze({
  lastTs: null,
  beyondSince: null,
  episode: null,
  clearSince: null,
});

/** The sensor as the rule sees it: where it is (for the incident and the title) and its metric's unit. */
export interface RuleSensor {
  sensorId: string;
  lat: number;
  lon: number;
  district: string | null;
  unit: string | null;
}

export interface RuleReading {
  ts: number;
  value: number;
}

export function beyond(value: number, op: Comparison, threshold: number): boolean {
  switch (op) {
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
  }
}

/** `{sensor}`, `{metric}`, `{value}`, `{unit}`, `{threshold}` and `{district}` filled in; others kept. */
export function fillTitle(
  template: string,
  rule: SensorConditionRule,
  sensor: RuleSensor,
  value: number,
): string {
  const fields: Record<string, string> = {
    sensor: sensor.sensorId,
    metric: rule.when.metric,
    value: String(value),
    unit: sensor.unit ?? '',
    threshold: String(rule.when.threshold),
    district: sensor.district ?? 'outside the districts',
  };
  // NOTE: titles are at most 200 characters (the event schema); a long district name must not break it.
  return template
    .replace(/\{(\w+)\}/g, (whole, name: string) => fields[name] ?? whole)
    .trim()
    .slice(0, 200);
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 360) / 10} h`;
}

/** Steps one reading; returns the new state and the action it causes (or null). Never mutates `state`. */
export function stepSensorRule(
  rule: SensorConditionRule,
  sensor: RuleSensor,
  state: SensorRuleState,
  reading: RuleReading,
): { state: SensorRuleState; action: RuleAction | null } {
  if (state.lastTs !== null && reading.ts <= state.lastTs) return { state, action: null };
  const { when, action } = rule;
  const silence = state.lastTs === null ? 0 : reading.ts - state.lastTs;
  const isBeyond = beyond(reading.value, when.op, when.threshold);
  const next: SensorRuleState = { ...state, lastTs: reading.ts };
  if (state.episode === null) {
    if (!isBeyond) return { state: { ...next, beyondSince: null }, action: null };
    const broken = state.beyondSince === null || silence > Math.max(when.forS * 1000, MAX_SILENCE_MS);
    const since = broken ? reading.ts : (state.beyondSince as number);
    if (reading.ts - since < when.forS * 1000)
      return { state: { ...next, beyondSince: since }, action: null };
    const incidentId = episodeIncidentId(rule.id, sensor.sensorId, since);
    const event: IncidentEvent = {
      eventId: ruleEventId(incidentId, 'opened'),
      incidentId,
      type: 'reported',
      ts: reading.ts,
      department: action.department,
      actor: ruleActor(rule.id),
      category: action.category,
      severity: action.severity,
      lat: sensor.lat,
      lon: sensor.lon,
      title: fillTitle(action.title, rule, sensor, reading.value),
      note: `${when.metric} ${when.op} ${when.threshold} for ${duration(reading.ts - since)} at sensor ${sensor.sensorId}`,
    };
    return {
      state: { ...next, beyondSince: null, clearSince: null, episode: { startTs: since, incidentId } },
      action: {
        ruleId: rule.id,
        at: reading.ts,
        action: 'opened',
        incidentId,
        event,
        summary:
          `opened ${incidentId} for ${action.department} because ${when.metric} was ${reading.value} ` +
          `${when.op} ${when.threshold} for ${duration(reading.ts - since)} at sensor ${sensor.sensorId}`,
      },
    };
  }
  if (isBeyond) return { state: { ...next, clearSince: null }, action: null };
  const broken = state.clearSince === null || silence > Math.max(action.clearForS * 1000, MAX_SILENCE_MS);
  const since = broken ? reading.ts : (state.clearSince as number);
  if (reading.ts - since < action.clearForS * 1000)
    return { state: { ...next, clearSince: since }, action: null };
  const { incidentId } = state.episode;
  const event: IncidentEvent = {
    eventId: ruleEventId(incidentId, 'resolved'),
    incidentId,
    type: 'resolved',
    ts: reading.ts,
    department: action.department,
    actor: ruleActor(rule.id),
    note: `${when.metric} back to ${reading.value} (not ${when.op} ${when.threshold}) for ${duration(reading.ts - since)}`,
  };
  return {
    state: { ...next, episode: null, clearSince: null, beyondSince: null },
    action: {
      ruleId: rule.id,
      at: reading.ts,
      action: 'resolved',
      incidentId,
      event,
      summary:
        `resolved ${incidentId} because ${when.metric} was back to ${reading.value} at sensor ` +
        `${sensor.sensorId}, clear of ${when.op} ${when.threshold} for ${duration(reading.ts - since)}`,
    },
  };
}

/** Steps readings in time order (sorted here; the late ones, at or before `state.lastTs`, are skipped). */
export function runSensorRule(
  rule: SensorConditionRule,
  sensor: RuleSensor,
  state: SensorRuleState,
  readings: readonly RuleReading[],
): { state: SensorRuleState; actions: RuleAction[] } {
  const actions: RuleAction[] = [];
  let current = state;
  for (const reading of [...readings].sort((a, b) => a.ts - b.ts)) {
    const step = stepSensorRule(rule, sensor, current, reading);
    current = step.state;
    if (step.action) actions.push(step.action);
  }
  return { state: current, actions };
}
