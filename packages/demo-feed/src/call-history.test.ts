import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { callHistoryEvents, zonedTimeToEpoch } from './call-history.js';
import { castDepartments } from './city-departments.js';
import { fireCallsFromCsv } from './fire-calls.js';

const csv = readFileSync(new URL('../../../data/cities/sf/sf-fire-calls-2020.csv', import.meta.url), 'utf8');
/** The first call of the file: a medical call answered by engine E32 and medic 85, late on 2020-04-07. */
const [header, first, second] = csv.split('\n');
const call = fireCallsFromCsv([header, first, second].join('\n'))[0]!;
const at = (iso: string) => Date.parse(iso);

describe('the real calls as history', () => {
  it('turns the local times of a zone into instants, on both sides of a daylight-saving change', () => {
    expect(zonedTimeToEpoch(Date.UTC(2020, 3, 7, 23, 53, 8), 'America/Los_Angeles')).toBe(
      at('2020-04-08T06:53:08Z'),
    );
    expect(zonedTimeToEpoch(Date.UTC(2020, 2, 7, 12, 0), 'America/Los_Angeles')).toBe(
      at('2020-03-07T20:00:00Z'),
    );
    expect(zonedTimeToEpoch(Date.UTC(2020, 2, 8, 3, 30), 'America/Los_Angeles')).toBe(
      at('2020-03-08T10:30:00Z'),
    );
    expect(zonedTimeToEpoch(Date.UTC(2020, 3, 7, 12, 0), 'UTC')).toBe(at('2020-04-07T12:00:00Z'));
  });

  it('gives a call its own events at its own 2020 times, by the departments that acted', () => {
    const h = callHistoryEvents(call, { timeZone: 'America/Los_Angeles' })!;
    expect(h.incidentId).toBe('call-200983546');
    const flat = [...h.byDepartment].flatMap(([department, events]) =>
      events.map(
        (e) => [department, e.type, e.unit ?? null, new Date(e.ts).toISOString(), e.eventId] as const,
      ),
    );
    expect(flat.sort((a, b) => a[3].localeCompare(b[3]) || a[4].localeCompare(b[4]))).toEqual([
      ['ems', 'reported', null, '2020-04-08T06:53:08.000Z', 'call-200983546-reported'],
      ['ems', 'acknowledged', null, '2020-04-08T06:55:30.000Z', 'call-200983546-ack'],
      ['fire', 'dispatched', 'E32', '2020-04-08T06:55:56.000Z', 'call-200983546-dispatch-E32'],
      ['ems', 'dispatched', 'M85', '2020-04-08T06:55:56.000Z', 'call-200983546-dispatch-M85'],
      ['fire', 'on_scene', 'E32', '2020-04-08T07:00:00.000Z', 'call-200983546-scene-E32'],
      ['ems', 'on_scene', 'M85', '2020-04-08T07:02:21.000Z', 'call-200983546-scene-M85'],
      ['ems', 'closed', null, '2020-04-08T08:35:00.000Z', 'call-200983546-closed'],
      ['ems', 'resolved', null, '2020-04-08T08:35:00.000Z', 'call-200983546-resolved'],
    ]);
    expect(h.count).toBe(8);
    const reported = h.byDepartment.get('ems')![0]!;
    expect(reported).toMatchObject({
      category: 'Medical Incident',
      title: 'Medical Incident: 4000 block of Mission St',
    });
  });

  it("casts the calls to the city's departments and leaves out a call nobody can answer", () => {
    const cast = castDepartments([
      { id: 'sffd', name: 'Fire', shortName: 'SFFD', color: '#ff0000', icon: 'fire' },
      { id: 'medics', name: 'EMS', shortName: 'EMS', color: '#00ff00', icon: 'ambulance' },
    ] as Parameters<typeof castDepartments>[0]);
    const h = callHistoryEvents(call, { timeZone: 'America/Los_Angeles', departments: cast })!;
    expect([...h.byDepartment.keys()].sort()).toEqual(['medics', 'sffd']);
    const fireOnly = castDepartments([
      { id: 'fire', name: 'Fire', shortName: 'F', color: '#ff0000', icon: 'fire' },
    ] as Parameters<typeof castDepartments>[0]);
    expect(callHistoryEvents(call, { timeZone: 'America/Los_Angeles', departments: fireOnly })).toBeNull();
  });
});
