import { foldIncident, type IncidentEvent } from '@twin/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SimCity } from './city-points.js';
import type { FireCall } from './fire-calls.js';
import { INCIDENT_TEMPLATES, type IncidentTemplate } from './incident-catalog.js';
import {
  type IncidentScript,
  type PlanContext,
  planFromFireCall,
  planFromTemplate,
} from './incident-scripts.js';
import { incidentMessage } from './messages.js';
import { createRng } from './prng.js';
import { decode, loadSf } from './test-support.js';

let city: SimCity;
beforeAll(async () => {
  city = await loadSf();
});

const T0 = Date.UTC(2024, 5, 12, 16, 0, 0);
const ctx = (seed: number, id = `test-${seed}`): PlanContext => ({
  incidentId: id,
  rng: createRng(seed),
  reportedAt: T0,
  timeScale: 12,
  city,
});

/** Decodes every event exactly as the server does (department from the topic) and returns the stored events. */
function decodeScript(script: IncidentScript): IncidentEvent[] {
  const last = script.events[script.events.length - 1]?.at ?? T0;
  return script.events.map((e) => {
    const result = decode(incidentMessage('city', e.department, [e.event]), last);
    expect(result.errors, `${e.event.type} by ${e.department}`).toEqual([]);
    const record = result.records[0];
    if (record?.kind !== 'incident-event') throw new Error('expected an incident event');
    return record.event;
  });
}

function template(category: string): IncidentTemplate {
  const t = INCIDENT_TEMPLATES.find((x) => x.category === category);
  if (!t) throw new Error(`no template ${category}`);
  return t;
}

describe('planFromTemplate', () => {
  it('produces events of every template that decode and fold to closed', () => {
    let seed = 1;
    for (const t of INCIDENT_TEMPLATES) {
      for (let i = 0; i < 20; i++) {
        const script = planFromTemplate(ctx(seed++), t);
        const state = foldIncident(decodeScript(script));
        expect(state?.status).toBe('closed');
        expect(state?.awaitingReport).toBe(false);
        expect(state?.reportedBy).toBe(t.department);
        expect(state?.department).toBe(script.finalOwner);
        expect(state?.category).toBe(t.category);
        expect(state?.units.length).toBeGreaterThanOrEqual(1);
        expect(city.districtIndex.locate(state?.lon ?? 0, state?.lat ?? 0)).not.toBeNull();
      }
    }
  });

  it('numbers eventIds in time order and never puts an event before the report', () => {
    const script = planFromTemplate(ctx(9), template('structure_fire'));
    script.events.forEach((e, i) => {
      expect(e.event.eventId).toBe(`test-9:${i + 1}`);
      expect(e.event.ts).toBe(e.at);
      if (i > 0) expect(e.at).toBeGreaterThanOrEqual(script.events[i - 1]?.at ?? 0);
    });
    expect(script.events[0]?.event.type).toBe('reported');
    expect(script.events.at(-1)?.event.type).toBe('closed');
  });

  it('after a hand-off, the new owner publishes and the fold ends with it as owner', () => {
    const handoff: IncidentTemplate = {
      ...template('pothole'),
      cross: [{ type: 'handed_off', toDepartment: 'water', chance: 1, note: 'Leaking main' }],
    };
    const script = planFromTemplate(ctx(3), handoff);
    const types = script.events.map((e) => `${e.department}:${e.event.type}`);
    const at = types.indexOf('public-works:handed_off');
    expect(at).toBeGreaterThan(0);
    expect(script.events[at]?.event.toDepartment).toBe('water');
    // Everything after the hand-off comes from water: acknowledge, dispatch its own crew, resolve, close.
    expect(new Set(script.events.slice(at + 1).map((e) => e.department))).toEqual(new Set(['water']));
    expect(types.slice(at + 1)).toEqual(
      expect.arrayContaining(['water:acknowledged', 'water:dispatched', 'water:resolved', 'water:closed']),
    );
    const state = foldIncident(decodeScript(script));
    expect(state).toMatchObject({ status: 'closed', department: 'water', reportedBy: 'public-works' });
    expect(state?.units.some((u) => u.department === 'water' && /^WD-\d+$/.test(u.unit))).toBe(true);
  });

  it('an assist request brings the other department on scene while the owner keeps the incident', () => {
    const assist: IncidentTemplate = {
      ...template('traffic_collision'),
      cross: [{ type: 'assist_requested', toDepartment: 'transport', chance: 1, note: 'Traffic control' }],
    };
    const events = decodeScript(planFromTemplate(ctx(4), assist));
    const request = events.find((e) => e.type === 'assist_requested');
    expect(request).toMatchObject({ department: 'police', toDepartment: 'transport' });
    const helper = events.find((e) => e.type === 'dispatched' && e.department === 'transport');
    expect(helper?.ts).toBeGreaterThan(request?.ts ?? Infinity);
    const state = foldIncident(events);
    expect(state?.department).toBe('police');
    expect(state?.assisting).toEqual(['transport']);
    expect(state?.units.map((u) => u.department)).toContain('transport');
  });

  it('runs the first quarter hour in real time and scales what follows with the time scale', () => {
    const t = template('alarm');
    const onScene = (s: IncidentScript) =>
      Math.max(...s.events.filter((e) => e.event.type === 'on_scene').map((e) => e.at));
    const slow = planFromTemplate({ ...ctx(11), timeScale: 6 }, t);
    const fast = planFromTemplate({ ...ctx(11), timeScale: 12 }, t);
    // An alarm's response (at most 1.5 + 2 + 9 minutes) is all real time, whatever the time scale.
    expect(onScene(slow)).toBe(onScene(fast));
    expect(onScene(fast) - T0).toBeGreaterThanOrEqual((0.3 + 0.5 + 3) * 60_000 - 1);
    // With no real-time part, the whole lifecycle scales.
    const whole = (timeScale: number) => planFromTemplate({ ...ctx(11), timeScale, realTimeMin: 0 }, t);
    const length = (s: IncidentScript) => (s.events.at(-1)?.at ?? 0) - T0;
    expect(length(whole(6))).toBeCloseTo(2 * length(whole(12)), -2);
  });
});

describe('planFromFireCall', () => {
  const call: FireCall = {
    callNumber: '1',
    callType: 'Structure Fire',
    department: 'fire',
    category: 'Structure Fire',
    severity: 4,
    title: 'Structure Fire: 100 block of Valencia St',
    lat: 37.7688,
    lon: -122.4222,
    entryMin: 1,
    units: [
      {
        unit: 'E07',
        department: 'fire',
        dispatchMin: 1.5,
        onSceneMin: 5,
        transportMin: null,
        hospitalMin: null,
        availableMin: 40,
      },
      {
        unit: 'T07',
        department: 'fire',
        dispatchMin: 1.5,
        onSceneMin: 6,
        transportMin: null,
        hospitalMin: null,
        availableMin: 45,
      },
      {
        unit: 'M61',
        department: 'ems',
        dispatchMin: 3,
        onSceneMin: 9,
        transportMin: 20,
        hospitalMin: 20,
        availableMin: 60,
      },
    ],
  };

  it('replays the call: fire asks EMS for help, each department dispatches its own units', () => {
    const script = planFromFireCall(ctx(2, 'fire-x-1'), call);
    const events = decodeScript(script);
    const medic = events.find((e) => e.unit === 'M61' && e.type === 'dispatched');
    expect(medic?.department).toBe('ems');
    // The response in real time: dispatched 3 minutes after the call, as it really was.
    expect(medic?.ts).toBe(T0 + 3 * 60_000);
    const request = events.find((e) => e.type === 'assist_requested');
    expect(request).toMatchObject({ department: 'fire', toDepartment: 'ems' });
    expect(request?.ts).toBeLessThan(medic?.ts ?? 0);
    // Once the last unit is on scene (9 minutes), ×12: transport at 20 → 9 + 11 / 12, available at 60 → 13.25.
    const medicSteps = events.filter((e) => e.unit === 'M61').map((e) => [e.type, e.unitStatus, e.ts - T0]);
    expect(medicSteps).toEqual([
      ['dispatched', undefined, 3 * 60_000],
      ['on_scene', undefined, 9 * 60_000],
      ['unit_status', 'transporting', 9 * 60_000 + (11 * 60_000) / 12],
      ['unit_status', 'at_hospital', 9 * 60_000 + (11 * 60_000) / 12 + 1000],
      ['unit_status', 'available', 13.25 * 60_000],
    ]);
    const resolved = events.find((e) => e.type === 'resolved');
    expect(resolved?.ts).toBeGreaterThanOrEqual(T0 + 13.25 * 60_000);
    const state = foldIncident(events);
    expect(state).toMatchObject({ status: 'closed', department: 'fire', title: call.title, severity: 4 });
    expect(state?.units.map((u) => `${u.department}:${u.unit}:${u.status}`).sort()).toEqual([
      'ems:M61:available',
      'fire:E07:available',
      'fire:T07:available',
    ]);
  });

  it('sometimes hands an EMS call over to police, who then close it', () => {
    const medical: FireCall = {
      ...call,
      department: 'ems',
      callType: 'Medical Incident',
      category: 'Medical Incident',
    };
    const owners = new Set<string>();
    for (let seed = 1; seed <= 200; seed++) {
      const script = planFromFireCall(ctx(seed), medical);
      const state = foldIncident(decodeScript(script));
      expect(state?.status).toBe('closed');
      expect(state?.department).toBe(script.finalOwner);
      owners.add(script.finalOwner);
    }
    expect(owners).toEqual(new Set(['ems', 'police']));
  });
});
