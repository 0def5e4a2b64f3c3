import { foldIncident, type IncidentEvent } from '@twin/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SimCity } from './city-points.js';
import { IncidentFeed } from './incident-feed.js';
import type { OutMessage } from './messages.js';
import { decode, loadSf } from './test-support.js';

let city: SimCity;
beforeAll(async () => {
  city = await loadSf();
});

const T0 = Date.UTC(2024, 5, 12, 16, 0, 0);

function feed(startedAt = T0, seed = 1) {
  return new IncidentFeed({ city, topicRoot: 'city', seed, startedAt, incidentsPerMinute: 3, timeScale: 12 });
}

function collect(messages: OutMessage[], now: number, into: IncidentEvent[]): void {
  for (const m of messages) {
    const result = decode(m, now);
    expect(result.errors, m.topic).toEqual([]);
    for (const r of result.records) if (r.kind === 'incident-event') into.push(r.event);
  }
}

describe('IncidentFeed', () => {
  it('backfills a busy map: past events only, within the window, decodable', () => {
    const f = feed();
    const events: IncidentEvent[] = [];
    const messages = f.backfill(T0, 20 * 60_000);
    collect(messages, T0, events);
    expect(messages.some((m) => m.payload.startsWith('['))).toBe(true);
    expect(events.length).toBeGreaterThan(200);
    for (const e of events) {
      expect(e.ts).toBeLessThanOrEqual(T0);
      expect(e.ts).toBeGreaterThan(T0 - 20 * 60_000);
    }
    expect(f.openIncidents()).toBeGreaterThanOrEqual(15);
    expect(f.openIncidents()).toBeLessThanOrEqual(50);
  });

  it('keeps a steady number of open incidents; every incident folds to closed in the end', () => {
    const f = feed();
    const events: IncidentEvent[] = [];
    collect(f.backfill(T0, 20 * 60_000), T0, events);
    const open: number[] = [];
    for (let t = T0; t <= T0 + 60 * 60_000; t += 1000) {
      collect(f.tick(t), t, events);
      if ((t - T0) % 60_000 === 0) open.push(f.openIncidents());
    }
    // About 50 open at 3 a minute: incidents last long enough to act on (minutes, not seconds).
    expect(Math.min(...open)).toBeGreaterThanOrEqual(25);
    expect(Math.max(...open)).toBeLessThanOrEqual(80);
    const mean = open.reduce((a, b) => a + b, 0) / open.length;
    expect(mean).toBeGreaterThanOrEqual(35);
    expect(mean).toBeLessThanOrEqual(65);

    // Let the last incidents finish with no new arrivals, then fold each one.
    f.setRate(0, T0 + 60 * 60_000);
    for (let t = T0 + 60 * 60_000; t <= T0 + 120 * 60_000; t += 5000) collect(f.tick(t), t, events);
    expect(f.openIncidents()).toBe(0);
    const byIncident = new Map<string, IncidentEvent[]>();
    for (const e of events) byIncident.set(e.incidentId, [...(byIncident.get(e.incidentId) ?? []), e]);
    expect(byIncident.size).toBeGreaterThan(180);
    const departments = new Set<string>();
    const lifetimes: number[] = [];
    for (const list of byIncident.values()) {
      const state = foldIncident(list);
      expect(state?.status).toBe('closed');
      lifetimes.push((state?.resolvedAt ?? 0) - (state?.openedAt ?? 0));
      departments.add(state?.reportedBy ?? '');
    }
    expect(departments).toEqual(
      new Set(['fire', 'ems', 'police', 'public-works', 'transport', 'environment', 'water']),
    );
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    // Several minutes from report to resolution, typically; none over in a minute.
    lifetimes.sort((a, b) => a - b);
    expect(lifetimes[0]).toBeGreaterThan(3 * 60_000);
    expect(lifetimes[lifetimes.length >> 1]).toBeGreaterThan(8 * 60_000);
    expect(lifetimes[lifetimes.length >> 1]).toBeLessThan(25 * 60_000);
  });

  it('never reuses an incidentId across restarts', () => {
    const a = feed(T0, 1);
    const b = feed(T0 + 1, 1);
    const ids = new Set<string>();
    for (let i = 0; i < 200; i++) {
      ids.add(a.plan(T0).incidentId);
      ids.add(b.plan(T0).incidentId);
    }
    expect(ids.size).toBe(400);
  });
});
