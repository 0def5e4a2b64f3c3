/**
 * The live rules engine: one tick reads what is new since its stored position, evaluates the enabled rules
 * with the domain's functions (packages/domain/src/rules), writes their actions through the one write path
 * (like an HTTP action), then stores what it must remember. Started by plugins/rules.ts on the maintenance
 * leader only.
 *
 * - Sensor rules: the sensors with new readings (from the change log), their readings after each
 *   (rule, sensor) state's last one, bounded per tick; a backlog is worked off over several ticks.
 * - Incident and timer rules: open incidents changed, or opened, within the horizon.
 * - The present only: nothing older than `maxLagMs` is acted on (the dry run is for the past).
 * - Idempotent: every action's event id is deterministic, an action already recorded in rule_firings is not
 *   written again, and one written but not yet recorded (a crash in between) is a duplicate id that storage
 *   drops. NOTE: no transaction is held across the write: the embedded engine has one connection.
 */
import type { Placer } from '@twin/city';
import type { IngestRecord } from '@twin/domain';
import {
  decodeIncidentEvent,
  EMPTY_SENSOR_RULE_STATE,
  evaluateIncidentCondition,
  evaluateTimer,
  type IncidentEvent,
  type RuleAction,
  runSensorRule,
  type SensorConditionRule,
  type SensorRuleState,
} from '@twin/domain';
import type pg from 'pg';
import { logPositionBefore } from '../db/change-log.js';
import {
  enginePosition,
  saveEnginePosition,
  saveSensorRuleStates,
  sensorRuleStates,
  sensorsWithNewReadings,
} from '../db/rule-state.js';
import { enabledRules, firedEventIds, recordFirings } from '../db/rules.js';
import { loadSensors, openIncidents, readingsAfter, watchedBy } from './rule-inputs.js';

/** Change-log rows read per tick. */
const LOG_ROWS_PER_TICK = 2_000;
/** Readings read per sensor rule per tick. */
const READINGS_PER_TICK = 20_000;
/** Open incidents looked at per tick. */
const INCIDENTS_PER_TICK = 5_000;

export interface RuleEngineOptions {
  pool: pg.Pool;
  places: Placer;
  maxLagMs: number;
  /** Writes events through the writer (app.writer.writeNow). */
  write(records: IngestRecord[]): Promise<unknown>;
  onAction?(action: RuleAction): void;
}

export interface TickResult {
  actions: RuleAction[];
  /**
   * The events that could not be decoded (a rule naming what the store refuses), with the reason. They are
   * not recorded, so the next tick finds them again.
   */
  refused: { eventId: string; reason: string }[];
  /** True when a bound was reached: the next tick continues. */
  backlog: boolean;
}

export async function runRulesTick(opts: RuleEngineOptions, now: number): Promise<TickResult> {
  const { pool } = opts;
  const rules = await enabledRules(pool);
  const horizon = now - opts.maxLagMs;
  // NOTE: the first tick ever starts at the log's last row before the horizon rather than working through a
  // day of it; older data is not acted on anyway. Not at the newest row: what was committed between the start
  // and the first tick (a sensor's first readings past a threshold) would be skipped for good.
  const stored = await enginePosition(pool);
  const position = stored ?? (await logPositionBefore(pool, horizon));
  const log = await sensorsWithNewReadings(pool, position, LOG_ROWS_PER_TICK);
  // NOTE: readings cut at the bound keep the log position, so their sensors are read again next tick (from
  // each state's last reading); a full page of the log moves on to the next page.
  let readingsCut = false;
  const actions: RuleAction[] = [];
  const states = new Map<string, Map<string, SensorRuleState>>();

  const sensorRules = rules.filter((r): r is SensorConditionRule => r.kind === 'sensor-condition');
  const byMetric = new Map<string, SensorConditionRule[]>();
  for (const rule of sensorRules)
    byMetric.set(rule.when.metric, [...(byMetric.get(rule.when.metric) ?? []), rule]);
  if (log.sensorIds.length > 0) {
    for (const [metric, metricRules] of byMetric) {
      const sensors = await loadSensors(pool, opts.places, metric, log.sensorIds);
      for (const rule of metricRules) {
        const watched = watchedBy(rule, sensors, opts.places);
        if (watched.length === 0) continue;
        const remembered = await sensorRuleStates(
          pool,
          rule.id,
          watched.map((s) => s.sensorId),
        );
        const after = new Map(
          watched.map((s) => [s.sensorId, Math.max(remembered.get(s.sensorId)?.lastTs ?? horizon, horizon)]),
        );
        const read = await readingsAfter(pool, metric, after, now, READINGS_PER_TICK);
        if (read.count >= READINGS_PER_TICK) readingsCut = true;
        const changed = new Map<string, SensorRuleState>();
        for (const sensor of watched) {
          const readings = read.bySensor.get(sensor.sensorId);
          if (!readings) continue;
          const result = runSensorRule(
            rule,
            sensor,
            remembered.get(sensor.sensorId) ?? EMPTY_SENSOR_RULE_STATE,
            readings,
          );
          actions.push(...result.actions);
          changed.set(sensor.sensorId, result.state);
        }
        states.set(rule.id, changed);
      }
    }
  }

  const incidentRules = rules.filter((r) => r.kind !== 'sensor-condition');
  if (incidentRules.length > 0) {
    const reach = Math.max(0, ...incidentRules.map((r) => (r.kind === 'timer' ? r.when.withinS * 1000 : 0)));
    const incidents = await openIncidents(pool, opts.places, horizon, horizon - reach, INCIDENTS_PER_TICK);
    for (const { state, place } of incidents) {
      for (const rule of incidentRules) {
        if (rule.kind === 'incident-condition') {
          actions.push(...evaluateIncidentCondition(rule, state, place, now));
        } else if (rule.kind === 'timer') {
          // NOTE: a deadline that passed before the horizon is the past: left to the dry run.
          const action = evaluateTimer(rule, state, now);
          if (action && state.openedAt + rule.when.withinS * 1000 > horizon) actions.push(action);
        }
      }
    }
  }

  const done = await firedEventIds(
    pool,
    actions.map((a) => a.event.eventId),
  );
  const fresh = actions.filter((a) => !done.has(a.event.eventId));
  const { records, refused, written } = decodeActions(fresh, now);
  if (records.length > 0) await opts.write(records);
  await recordFirings(pool, written);
  for (const [ruleId, changed] of states) await saveSensorRuleStates(pool, ruleId, changed);
  if (!readingsCut && (stored === null || log.upTo > stored)) await saveEnginePosition(pool, log.upTo);
  for (const action of written) opts.onAction?.(action);
  return { actions: written, refused, backlog: readingsCut || log.rows >= LOG_ROWS_PER_TICK };
}

/** The actions' events as the write path takes them (validated like any other event). */
function decodeActions(actions: readonly RuleAction[], now: number) {
  const records: IngestRecord[] = [];
  const written: RuleAction[] = [];
  const refused: { eventId: string; reason: string }[] = [];
  for (const action of actions) {
    const { department, ...fields } = action.event;
    const event: IncidentEvent | string = decodeIncidentEvent(department, fields, now);
    if (typeof event === 'string') {
      refused.push({ eventId: action.event.eventId, reason: event });
      continue;
    }
    records.push({ kind: 'incident-event', event });
    written.push(action);
  }
  return { records, refused, written };
}
