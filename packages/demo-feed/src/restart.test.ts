import { foldIncident, isOpen } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { closeLeftOpen, RESTART_NOTE } from './restart.js';
import { decode } from './test-support.js';

describe('closeLeftOpen', () => {
  it('resolves and closes each incident as its owner, saying the demo restarted', () => {
    const now = Date.UTC(2026, 11, 1, 9, 0, 0);
    const messages = closeLeftOpen(
      'city',
      [
        { incidentId: 'fire-a-1', department: 'fire' },
        { incidentId: 'ems-a-2', department: 'ems' },
        { incidentId: 'fire-a-3', department: 'fire' },
      ],
      now,
    );
    expect(messages.map((m) => m.topic).sort()).toEqual([
      'city/v1/incidents/ems/events',
      'city/v1/incidents/fire/events',
    ]);
    const events = messages.flatMap((m) => {
      const result = decode(m, now);
      expect(result.errors).toEqual([]);
      return result.records.flatMap((r) => (r.kind === 'incident-event' ? [r.event] : []));
    });
    expect(events).toHaveLength(6);
    for (const e of events) expect(e.note).toBe(RESTART_NOTE);
    const opened = {
      eventId: 'r',
      incidentId: 'fire-a-1',
      type: 'reported' as const,
      ts: now - 60_000,
      department: 'fire',
      category: 'Alarm',
      severity: 2,
      lat: 37.7,
      lon: -122.4,
      title: 'x',
    };
    const state = foldIncident([opened, ...events.filter((e) => e.incidentId === 'fire-a-1')]);
    expect(state?.status).toBe('closed');
    expect(isOpen(state!)).toBe(false);
  });

  it('only closes an incident the earlier run had resolved', () => {
    const now = Date.UTC(2026, 11, 1, 9, 0, 0);
    const messages = closeLeftOpen(
      'city',
      [{ incidentId: 'fire-a-1', department: 'fire', resolved: true }],
      now,
    );
    const events = messages.flatMap((m) =>
      decode(m, now).records.flatMap((r) =>
        r.kind === 'incident-event' ? [[r.event.type, r.event.note]] : [],
      ),
    );
    expect(events).toEqual([['closed', RESTART_NOTE]]);
  });

  it('gives the events of a later restart new ids, so they are not dropped as replays', () => {
    const ids = (now: number) =>
      closeLeftOpen('city', [{ incidentId: 'x', department: 'fire' }], now).flatMap(
        (m) => JSON.parse(m.payload) as { eventId: string }[],
      );
    const first = ids(1_000).map((e) => e.eventId);
    const second = ids(2_000).map((e) => e.eventId);
    expect(first.filter((id) => second.includes(id))).toEqual([]);
  });
});
