import type { Rule } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { areaText, ruleActionLabel, ruleKindLabel, ruleSummary, wordList } from './rule-text.js';

const NAMES: Record<string, string> = {
  water: 'Water',
  'public-works': 'Public Works',
  transport: 'Transport',
  fire: 'Fire',
  ems: 'Emergency Medical',
};
const nameOf = (id: string) => NAMES[id] ?? id;

const floodWatch: Rule = {
  id: 'flood-watch',
  description: 'Water above 1.2 m for 2 minutes opens a flooding incident for Water',
  enabled: true,
  kind: 'sensor-condition',
  when: { sensorKind: 'water-level', metric: 'level_cm', op: '>', threshold: 120, forS: 120 },
  action: {
    department: 'water',
    category: 'Flooding',
    severity: 4,
    title: 'Water at {value} {unit} at {sensor}',
    clearForS: 300,
  },
};

describe('ruleSummary', () => {
  it('says a sensor condition: metric, threshold, duration, sensors, area, the incident it opens and when it resolves', () => {
    expect(ruleSummary(floodWatch, nameOf)).toBe(
      'level_cm > 120 for 2 min on water-level sensors in the whole city → opens a Flooding incident ' +
        '(severity 4) for Water; resolved after 5 min clear',
    );
    const anySensor: Rule = {
      ...floodWatch,
      when: { metric: 'pm25', op: '>=', threshold: 35.5, forS: 3600, area: { district: 'Mission' } },
      action: { ...floodWatch.action, department: 'parks', clearForS: 86_400 },
    };
    expect(ruleSummary(anySensor, nameOf)).toBe(
      'pm25 >= 35.5 for 1 h on any sensor in Mission → opens a Flooding incident (severity 4) for parks; ' +
        'resolved after 1 d clear',
    );
  });

  it('says an incident condition: categories, severity, owners, area and who is asked to assist', () => {
    const mainBreak: Rule = {
      id: 'main-break',
      description: 'A water main break needs public works and transport',
      enabled: true,
      kind: 'incident-condition',
      when: {
        categoryKeys: ['water-main-break', 'sinkhole'],
        minSeverity: 3,
        departments: ['water'],
        area: { cell: '12:-3' },
      },
      action: { requestAssistanceFrom: ['public-works', 'transport'] },
    };
    expect(ruleSummary(mainBreak, nameOf)).toBe(
      'A water main break or sinkhole incident of severity 3 or more owned by Water in grid cell 12:-3 → ' +
        'asks Public Works and Transport to assist',
    );
    const anyIncident: Rule = { ...mainBreak, when: {}, action: { requestAssistanceFrom: ['fire'] } };
    expect(ruleSummary(anyIncident, nameOf)).toBe('Any incident in the whole city → asks Fire to assist');
  });

  it('says a timer: which incidents, which milestone within how long, and the escalation', () => {
    const slowAck: Rule = {
      id: 'slow-ack',
      description: 'Severe incidents nobody acknowledged in 10 minutes go to command',
      enabled: false,
      kind: 'timer',
      when: { notReached: 'acknowledged', withinS: 600, minSeverity: 4, departments: ['fire', 'ems'] },
      action: { escalate: true },
    };
    expect(ruleSummary(slowAck, nameOf)).toBe(
      'Any incident of severity 4 or more owned by Fire or Emergency Medical not acknowledged within 10 min ' +
        'of its report → escalated (severity + 1, at most 5) and command notified',
    );
    const onScene: Rule = { ...slowAck, when: { notReached: 'on_scene', withinS: 1800 } };
    expect(ruleSummary(onScene, nameOf)).toBe(
      'Any incident with no unit on scene within 30 min of its report → escalated (severity + 1, at most 5) and ' +
        'command notified',
    );
  });

  it('still gives a line for a kind this page does not know', () => {
    const future = { ...floodWatch, kind: 'weather-warning' } as unknown as Rule;
    expect(ruleSummary(future, nameOf)).toBe('A weather warning rule');
  });
});

describe('areaText', () => {
  it('words each area form', () => {
    expect(areaText(undefined)).toBe('in the whole city');
    expect(areaText(null)).toBe('in the whole city');
    expect(areaText({ district: 'Outer Sunset' })).toBe('in Outer Sunset');
    expect(areaText({ cell: '4:7' })).toBe('in grid cell 4:7');
    expect(areaText({ near: { lat: 37.774929, lon: -122.419416, radiusM: 500 } })).toBe(
      'within 500 m of 37.77493, -122.41942',
    );
    expect(areaText({ near: { lat: 37.7, lon: -122.4, radiusM: 1500 } })).toBe(
      'within 1.5 km of 37.7, -122.4',
    );
  });
});

describe('labels', () => {
  it('names the kinds and actions in words, and humanises what it does not know', () => {
    expect(ruleKindLabel('sensor-condition')).toBe('Sensor condition');
    expect(ruleKindLabel('incident-condition')).toBe('Incident condition');
    expect(ruleKindLabel('timer')).toBe('Timer');
    expect(ruleKindLabel('weather-warning')).toBe('weather warning');
    expect(ruleActionLabel('assist_requested')).toBe('Assistance requested');
    expect(ruleActionLabel('opened')).toBe('Opened');
    expect(ruleActionLabel('paged_someone')).toBe('paged someone');
  });

  it('joins lists the way people write them', () => {
    expect(wordList([], 'and')).toBe('');
    expect(wordList(['Fire'], 'and')).toBe('Fire');
    expect(wordList(['Fire', 'Water'], 'or')).toBe('Fire or Water');
    expect(wordList(['Fire', 'Water', 'Transport'], 'and')).toBe('Fire, Water and Transport');
  });
});
