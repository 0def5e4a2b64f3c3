import { describe, expect, it } from 'vitest';
import { ID_REGEX } from '../patterns.js';
import { episodeIncidentId } from './rule-ids.js';
import type { SensorConditionRule } from './rule-schema.js';
import {
  EMPTY_SENSOR_RULE_STATE,
  fillTitle,
  MAX_SILENCE_MS,
  type RuleReading,
  runSensorRule,
} from './sensor-condition.js';

const rule: SensorConditionRule = {
  id: 'flood-watch',
  description: 'Flooding',
  enabled: true,
  kind: 'sensor-condition',
  when: { sensorKind: 'water-level', metric: 'level_cm', op: '>', threshold: 120, forS: 120 },
  action: {
    department: 'water',
    category: 'Flooding',
    severity: 4,
    title: 'Flooding at {sensor} in {district}: {metric} {value} {unit} > {threshold}',
    clearForS: 300,
  },
};
const sensor = { sensorId: 'wl-0003', lat: 37.77, lon: -122.42, district: 'Mission', unit: 'cm' };
const T0 = 1_700_000_000_000;
/** Readings every `stepS` seconds from `startS`, with the given values. */
const series = (startS: number, stepS: number, values: number[]): RuleReading[] =>
  values.map((value, i) => ({ ts: T0 + (startS + i * stepS) * 1000, value }));
const run = (readings: RuleReading[], r: SensorConditionRule = rule) =>
  runSensorRule(r, sensor, EMPTY_SENSOR_RULE_STATE, readings);

describe('sensor-condition rule', () => {
  it('fires at the reading that completes exactly forS beyond the threshold, once per episode', () => {
    // 0, 60, 120 s beyond: the span is 120 s at the third reading.
    const { actions, state } = run(series(0, 60, [130, 131, 132, 140, 150]));
    expect(actions).toHaveLength(1);
    const [opened] = actions;
    expect(opened?.action).toBe('opened');
    expect(opened?.at).toBe(T0 + 120_000);
    expect(opened?.incidentId).toBe(`rule.flood-watch.wl-0003.${T0}`);
    expect(opened?.event).toMatchObject({
      eventId: `rule.flood-watch.wl-0003.${T0}:opened`,
      type: 'reported',
      actor: 'rule:flood-watch',
      department: 'water',
      category: 'Flooding',
      severity: 4,
      lat: 37.77,
      lon: -122.42,
      title: 'Flooding at wl-0003 in Mission: level_cm 132 cm > 120',
    });
    expect(opened?.summary).toContain('level_cm was 132 > 120 for 2 min at sensor wl-0003');
    expect(state.episode?.incidentId).toBe(opened?.incidentId);
  });

  it('does not fire one second short of forS, nor on one reading', () => {
    expect(run([{ ts: T0, value: 200 }]).actions).toEqual([]);
    expect(run([...series(0, 60, [130, 131]), { ts: T0 + 119_000, value: 135 }]).actions).toEqual([]);
  });

  it('a reading on the safe side breaks the run', () => {
    expect(run(series(0, 60, [130, 110, 130, 130])).actions).toEqual([]);
  });

  it('compares with the threshold as each operator says (equality counts only for >= and <=)', () => {
    const at = (op: SensorConditionRule['when']['op'], value: number) =>
      run(series(0, 60, [value, value, value]), { ...rule, when: { ...rule.when, op } }).actions.length;
    expect([at('>', 120), at('>=', 120), at('<', 120), at('<=', 120)]).toEqual([0, 1, 0, 1]);
    expect([at('>', 120.1), at('<', 119.9)]).toEqual([1, 1]);
  });

  it('a silence longer than the span asked for (and MAX_SILENCE_MS) restarts the run; a shorter gap does not', () => {
    const gapped = (gapMs: number) => [
      { ts: T0, value: 130 },
      { ts: T0 + gapMs, value: 130 },
    ];
    expect(run(gapped(MAX_SILENCE_MS)).actions).toHaveLength(1);
    expect(run(gapped(MAX_SILENCE_MS + 1)).actions).toEqual([]);
  });

  it('sorts readings out of order in one batch and ignores ones older than the last stepped', () => {
    const shuffled = series(0, 60, [130, 131, 132]).reverse();
    const first = run(shuffled);
    expect(first.actions.map((a) => a.at)).toEqual([T0 + 120_000]);
    // A late reading before the state's last one changes nothing (not even a safe one).
    const late = runSensorRule(rule, sensor, first.state, [{ ts: T0 + 30_000, value: 10 }]);
    expect(late.actions).toEqual([]);
    expect(late.state).toEqual(first.state);
  });

  it('resolves after clearForS on the safe side; a new run is a second episode with a new incident', () => {
    const readings = [
      ...series(0, 60, [130, 130, 130]), // opens at 120 s
      ...series(180, 60, [100, 100, 100, 100, 100, 100]), // safe from 180 s: resolves at 480 s
      ...series(540, 60, [125, 125, 125]), // second episode starts at 540 s, opens at 660 s
    ];
    const { actions } = run(readings);
    expect(actions.map((a) => [a.action, a.at - T0])).toEqual([
      ['opened', 120_000],
      ['resolved', 480_000],
      ['opened', 660_000],
    ]);
    expect(actions[1]?.incidentId).toBe(actions[0]?.incidentId);
    expect(actions[1]?.event).toMatchObject({
      type: 'resolved',
      eventId: `${actions[0]?.incidentId}:resolved`,
    });
    expect(actions[2]?.incidentId).toBe(`rule.flood-watch.wl-0003.${T0 + 540_000}`);
  });

  it('a reading beyond again while clearing restarts the clear span', () => {
    const readings = [
      ...series(0, 60, [130, 130, 130]),
      ...series(180, 60, [100, 100, 130, 100, 100, 100, 100]),
    ];
    expect(run(readings).actions.map((a) => a.action)).toEqual(['opened']);
  });

  it('stepping in several batches gives the same actions as one batch (the live engine and the dry run)', () => {
    const readings = series(0, 30, [130, 130, 130, 130, 130, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90, 90]);
    const whole = run(readings).actions;
    let state = EMPTY_SENSOR_RULE_STATE;
    const parts = [];
    for (let i = 0; i < readings.length; i += 3) {
      const step = runSensorRule(rule, sensor, state, readings.slice(i, i + 3));
      state = step.state;
      parts.push(...step.actions);
    }
    expect(parts).toEqual(whole);
    expect(whole.map((a) => a.action)).toEqual(['opened', 'resolved']);
  });

  it('keeps ids valid and within 128 characters, hashing long ones', () => {
    const long = episodeIncidentId('a'.repeat(48), `s${'x'.repeat(127)}`, T0);
    expect(long.length).toBeLessThanOrEqual(128);
    expect(ID_REGEX.test(long)).toBe(true);
    expect(episodeIncidentId('a'.repeat(48), `s${'x'.repeat(127)}`, T0)).toBe(long);
    expect(episodeIncidentId('a'.repeat(48), `s${'x'.repeat(127)}`, T0 + 1)).not.toBe(long);
  });

  it('fills the title, leaving unknown placeholders and naming a sensor outside the districts', () => {
    expect(fillTitle('{sensor} {nope} {district}', rule, { ...sensor, district: null }, 1)).toBe(
      'wl-0003 {nope} outside the districts',
    );
  });
});
