/**
 * What a rule would have done over a past window, from the stored history, with the same domain evaluation
 * as the live engine (packages/domain/src/rules). Read-only.
 *
 * - Sensor rules: each watched sensor's readings of the metric in [from, to], stepped from an empty state —
 *   as the live engine would have from a fresh start.
 * - Incident-condition rules: each incident with events in the window, folded event by event; after each
 *   event in the window, the assistance the rule would ask for then.
 * - Timers: each incident whose deadline falls in the window, as it stood at its deadline.
 */
import type { Placer } from '@twin/city';
import {
  applyEvent,
  compareEvents,
  EMPTY_SENSOR_RULE_STATE,
  evaluateIncidentCondition,
  evaluateTimer,
  foldIncidentAt,
  type IncidentEvent,
  type IncidentState,
  type Rule,
  type RuleAction,
  type RuleDryRun,
  runSensorRule,
} from '@twin/domain';
import type { Queryable } from '../db/pool.js';
import { loadSensors, placeOf, readingsAfter, watchedBy } from './rule-inputs.js';

/** Actions a dry run answers at most. */
export const DRY_RUN_MAX_ACTIONS = 1_000;
/** Readings a dry run reads at most (a week of a busy metric is cut there; `truncated` says so). */
const DRY_RUN_MAX_READINGS = 500_000;
/** Incidents a dry run looks at at most. */
const DRY_RUN_MAX_INCIDENTS = 5_000;

export async function dryRun(
  db: Queryable,
  places: Placer,
  rule: Rule,
  from: number,
  to: number,
): Promise<RuleDryRun> {
  const actions: RuleAction[] = [];
  let readings = 0;
  let incidents = 0;
  let cut = false;
  if (rule.kind === 'sensor-condition') {
    const watched = watchedBy(rule, await loadSensors(db, places, rule.when.metric, null), places);
    const read = await readingsAfter(
      db,
      rule.when.metric,
      new Map(watched.map((s) => [s.sensorId, from - 1])),
      to,
      DRY_RUN_MAX_READINGS,
    );
    readings = read.count;
    cut = read.count >= DRY_RUN_MAX_READINGS;
    for (const sensor of watched) {
      const list = read.bySensor.get(sensor.sensorId);
      if (list) actions.push(...runSensorRule(rule, sensor, EMPTY_SENSOR_RULE_STATE, list).actions);
    }
  } else {
    const histories = await incidentHistories(db, rule, from, to);
    incidents = histories.size;
    cut = histories.size >= DRY_RUN_MAX_INCIDENTS;
    for (const events of histories.values()) {
      if (rule.kind === 'incident-condition') {
        const seen = new Set<string>();
        let state: IncidentState | null = null;
        for (const event of events) {
          state = applyEvent(state, event);
          if (event.ts < from) continue;
          const place = placeOf(places, state.lat, state.lon);
          for (const action of evaluateIncidentCondition(rule, state, place, event.ts)) {
            if (seen.has(action.event.eventId)) continue;
            seen.add(action.event.eventId);
            actions.push(action);
          }
        }
      } else if (rule.kind === 'timer') {
        const opened = foldIncidentAt(events, to);
        if (!opened) continue;
        const deadline = opened.openedAt + rule.when.withinS * 1000;
        if (deadline < from || deadline > to) continue;
        const then = foldIncidentAt(events, deadline);
        const action = then && evaluateTimer(rule, then, deadline);
        if (action) actions.push(action);
      }
    }
  }
  actions.sort((a, b) => a.at - b.at || a.event.eventId.localeCompare(b.event.eventId));
  const truncated = cut || actions.length > DRY_RUN_MAX_ACTIONS;
  return {
    ruleId: rule.id,
    from,
    to,
    actions: actions.slice(0, DRY_RUN_MAX_ACTIONS),
    examined: { readings, incidents },
    truncated,
  };
}

/**
 * The event histories (in fold order, up to `to`) of the incidents the rule may act on in the window: those
 * with events in it, and for a timer those whose deadline falls in it.
 */
async function incidentHistories(
  db: Queryable,
  rule: Rule,
  from: number,
  to: number,
): Promise<Map<string, IncidentEvent[]>> {
  const reach = rule.kind === 'timer' ? rule.when.withinS * 1000 : 0;
  const { rows: ids } = await db.query<{ incident_id: string }>(
    `(select distinct incident_id from incident_events
      where ts >= to_timestamp($1 / 1000.0) and ts <= to_timestamp($2 / 1000.0) limit $4)
     union
     (select incident_id from incidents
      where opened_at >= to_timestamp(($1 - $3) / 1000.0) and opened_at <= to_timestamp(($2 - $3) / 1000.0)
      limit $4)
     limit $4`,
    [from, to, reach, DRY_RUN_MAX_INCIDENTS],
  );
  const histories = new Map<string, IncidentEvent[]>();
  if (ids.length === 0) return histories;
  const { rows } = await db.query<{ body: IncidentEvent }>(
    'select body from incident_events where incident_id = any($1::text[]) and ts <= to_timestamp($2 / 1000.0)',
    [ids.map((r) => r.incident_id), to],
  );
  for (const { body } of rows) {
    const list = histories.get(body.incidentId) ?? [];
    if (list.length === 0) histories.set(body.incidentId, list);
    list.push(body);
  }
  for (const list of histories.values()) list.sort(compareEvents);
  return histories;
}
