/**
 * The server's incident order is the domain's: the list route's and the live snapshot's `order by`
 * (URGENCY_ORDER_SQL) sort the same stored incidents exactly as compareByUrgency sorts them in the browser,
 * ties included, and a limit keeps the top of that order (the longest-waiting urgent incidents never
 * vanish under it).
 */

import { join } from 'node:path';
import { type CityPack, loadCityPack } from '@twin/city/node';
import {
  compareByUrgency,
  INCIDENT_STATUSES,
  type IncidentState,
  type IncidentView,
  LIVE_SET_RECENT_MS,
} from '@twin/domain';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/config.js';
import { storeStates } from '../src/db/incident-states.js';
import { migrate } from '../src/db/migrations.js';
import { listIncidents, liveIncidents } from '../src/db/queries.js';
import { describeEachTarget } from './harness.js';
import { openScratchPool } from './scratch-pool.js';

const NOW = Date.UTC(2026, 10, 1, 12, 0, 0);
const COUNT = 400;

/** A deterministic pseudo-random sequence, so a failing order can be reproduced. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/**
 * Incidents with many ties: few distinct opening times and severities, both awaiting and acknowledged, open
 * and no longer open, ids that differ only by case or punctuation (code-unit order, not the locale's).
 */
function incidents(): IncidentState[] {
  const rnd = random(8);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const idPrefixes = ['a', 'A', 'b', 'B', 'a-', 'a_', 'Z', '0'];
  return Array.from({ length: COUNT }, (_, n) => {
    const status = pick(INCIDENT_STATUSES);
    const openedAt = NOW - Math.floor(rnd() * 6) * 600_000;
    return {
      incidentId: `${pick(idPrefixes)}${n % 37}-${n}`,
      status,
      department: pick(['fire', 'police', 'ems']),
      reportedBy: 'fire',
      category: 'Fire',
      categoryKey: 'fire',
      severity: 1 + Math.floor(rnd() * 5),
      title: `incident ${n}`,
      lat: 37.76,
      lon: -122.42,
      units: [],
      assisting: [],
      handoffs: 0,
      pendingHandover: null,
      awaitingAck: rnd() < 0.5,
      openedAt,
      // Every one inside the live set's window, so the live snapshot holds them all.
      updatedAt: NOW - Math.floor(rnd() * 30) * 60_000,
      acknowledgedAt: null,
      resolvedAt: null,
      closedAt: null,
      lastEventType: 'reported',
      eventCount: 1,
      awaitingReport: false,
      source: 'department',
    } satisfies IncidentState;
  });
}

describeEachTarget('the incident order', (target) => {
  let pool: pg.Pool;
  let city: CityPack;
  let cleanup: () => Promise<void>;
  let expected: string[];

  beforeAll(async () => {
    city = await loadCityPack(join(REPO_ROOT, 'data/cities/sf'));
    ({ pool, cleanup } = await openScratchPool(target.databaseUrl, 'order'));
    await migrate(pool);
    const states = incidents();
    const client = await pool.connect();
    try {
      await storeStates(
        client,
        states.map((state) => ({
          state,
          position: {
            ts: state.updatedAt,
            type: state.lastEventType,
            eventId: 'e',
            department: state.department,
          },
        })),
        city.places,
      );
    } finally {
      client.release();
    }
    expected = [...states].sort(compareByUrgency).map((i) => i.incidentId);
  }, 120_000);

  afterAll(async () => {
    await cleanup?.();
  });

  const ids = (list: readonly IncidentView[]) => list.map((i) => i.incidentId);

  it('lists every incident in the comparator order, ties included', async () => {
    const page = await listIncidents(pool, { status: 'all', limit: 5000 });
    expect(page.total).toBe(COUNT);
    expect(ids(page.incidents)).toEqual(expected);
    // The data really exercises every rule: urgent ones, ties of severity and opening time, closed ones.
    const first = page.incidents[0]!;
    expect(first.awaitingAck && first.severity >= 4).toBe(true);
  });

  it('keeps the top of the order under a limit, and the same top in the live snapshot', async () => {
    const page = await listIncidents(pool, { status: 'all', limit: 50 });
    expect(ids(page.incidents)).toEqual(expected.slice(0, 50));
    expect(page.total).toBe(COUNT);
    const live = await liveIncidents(pool, NOW + LIVE_SET_RECENT_MS - 31 * 60_000);
    expect(ids(live)).toEqual(expected);
  });

  it('orders a filtered page the same way', async () => {
    const page = await listIncidents(pool, { status: 'open', department: 'fire', limit: 5000 });
    const open = new Set(['reported', 'acknowledged', 'dispatched', 'on_scene']);
    const want = incidents()
      .filter((i) => open.has(i.status) && i.department === 'fire')
      .sort(compareByUrgency)
      .map((i) => i.incidentId);
    expect(want.length).toBeGreaterThan(20);
    expect(ids(page.incidents)).toEqual(want);
  });
});
