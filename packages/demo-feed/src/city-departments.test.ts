import { createDistrictIndex, type DistrictCollection, type PackDepartment } from '@twin/city';
import { foldIncident, type IncidentEvent } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { castDepartments } from './city-departments.js';
import type { SimCity } from './city-points.js';
import { IncidentFeed } from './incident-feed.js';
import { generateFleet } from './sensor-fleet.js';
import { decode } from './test-support.js';

/** A small city that is not San Francisco: three 1 km squares in Munich. */
function squareCity(departments: PackDepartment[]): SimCity {
  const square = (west: number): number[][][] => [
    [
      [west, 48.1],
      [west + 0.013, 48.1],
      [west + 0.013, 48.109],
      [west, 48.109],
      [west, 48.1],
    ],
  ];
  const districts: DistrictCollection = {
    type: 'FeatureCollection',
    features: ['Altstadt', 'Au', 'Haidhausen'].map((name, i) => ({
      type: 'Feature',
      properties: { name },
      geometry: { type: 'Polygon', coordinates: square(11.5 + i * 0.013) },
    })),
  };
  return {
    id: 'munich',
    timezone: 'Europe/Berlin',
    districts,
    districtIndex: createDistrictIndex(districts),
    departments: castDepartments(departments),
  };
}

const dept = (id: string, icon: string, name = id): PackDepartment => ({
  id,
  name,
  shortName: id.slice(0, 6),
  color: '#808080',
  icon,
});

const T0 = Date.UTC(2024, 5, 12, 16, 0, 0);

function backfill(city: SimCity) {
  const feed = new IncidentFeed({
    city,
    topicRoot: 'city',
    seed: 3,
    startedAt: T0,
    incidentsPerMinute: 30,
    timeScale: 12,
  });
  const events: (IncidentEvent & { topicDepartment: string })[] = [];
  for (const m of feed.backfill(T0, 30 * 60_000)) {
    const result = decode(m, T0);
    expect(result.errors, m.topic).toEqual([]);
    for (const r of result.records)
      if (r.kind === 'incident-event') events.push({ ...r.event, topicDepartment: r.event.department });
  }
  return events;
}

describe('the demo feed in a city that is not San Francisco', () => {
  it("casts the pack's departments by id or icon; one with no known icon gets generic requests", () => {
    expect(
      castDepartments([dept('feuerwehr', 'fire'), dept('police', 'badge'), dept('parks', 'tree')]),
    ).toEqual([
      { id: 'feuerwehr', name: 'feuerwehr', role: 'fire' },
      { id: 'police', name: 'police', role: 'police' },
      { id: 'parks', name: 'parks', role: null },
    ]);
    expect(castDepartments([]).map((d) => d.id)).toEqual([
      'fire',
      'ems',
      'police',
      'public-works',
      'transport',
      'environment',
      'water',
    ]);
  });

  it("publishes only the pack's departments, places every incident inside its districts, and folds cleanly", () => {
    const city = squareCity([
      dept('feuerwehr', 'fire', 'Berufsfeuerwehr'),
      dept('polizei', 'shield', 'Polizei'),
      dept('parks', 'tree', 'Parks'),
    ]);
    const events = backfill(city);
    const byIncident = new Map<string, IncidentEvent[]>();
    for (const e of events) byIncident.set(e.incidentId, [...(byIncident.get(e.incidentId) ?? []), e]);
    expect(byIncident.size).toBeGreaterThan(20);
    expect(new Set(events.map((e) => e.department))).toEqual(new Set(['feuerwehr', 'polizei', 'parks']));
    for (const e of events)
      if (e.toDepartment) expect(['feuerwehr', 'polizei', 'parks']).toContain(e.toDepartment);
    const reports = events.filter((e) => e.type === 'reported');
    for (const r of reports) expect(city.districtIndex.locate(r.lon!, r.lat!)).not.toBeNull();
    expect(reports.some((r) => r.department === 'parks' && /^Parks: /.test(r.title ?? ''))).toBe(true);
    expect(events.some((e) => e.actor === 'Berufsfeuerwehr desk (simulated)')).toBe(true);
    for (const list of byIncident.values()) expect(foldIncident(list)?.category).toBeTruthy();
  });

  it("re-casts real fire calls to the city's fire department; without EMS, the medic units are left out", () => {
    const city = squareCity([dept('feuerwehr', 'fire', 'Berufsfeuerwehr'), dept('polizei', 'shield')]);
    const call = {
      callNumber: '1',
      callType: 'Structure Fire',
      department: 'fire',
      category: 'structure_fire',
      severity: 4,
      title: 'Structure fire at Marienplatz',
      lat: 48.104,
      lon: 11.505,
      entryMin: 0.5,
      units: [
        {
          unit: 'E07',
          department: 'fire',
          dispatchMin: 1,
          onSceneMin: 5,
          transportMin: null,
          hospitalMin: null,
          availableMin: 40,
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
    const medical = {
      ...call,
      callNumber: '2',
      department: 'ems',
      title: 'Medical call',
      units: [call.units[1]!],
    };
    const feed = new IncidentFeed({
      city,
      topicRoot: 'city',
      seed: 1,
      startedAt: T0,
      incidentsPerMinute: 6,
      timeScale: 12,
      fireCalls: [call, medical],
    });
    const scripts = Array.from({ length: 40 }, (_, i) => feed.plan(T0 + i));
    const replayed = scripts.filter((s) => s.events[0]?.event.title === call.title);
    expect(replayed.length).toBeGreaterThan(0);
    for (const s of replayed) {
      expect(new Set(s.events.map((e) => e.department))).toEqual(new Set(['feuerwehr']));
      expect(s.events.filter((e) => e.event.unit).map((e) => e.event.unit)).not.toContain('M61');
    }
    expect(scripts.some((s) => s.events[0]?.event.title === medical.title)).toBe(false);
  });

  it('places sensors inside the districts and gives each a department of the pack', () => {
    const city = squareCity([dept('stadtwerke', 'droplet'), dept('umwelt', 'leaf')]);
    const sensors = generateFleet(city, { seed: 1, sensorCount: 60, readingIntervalMs: 5000 });
    for (const s of sensors) {
      expect(city.districtIndex.locate(s.lon, s.lat)).toBe(s.district);
      expect(['stadtwerke', 'umwelt']).toContain(s.department);
    }
    expect(new Set(sensors.map((s) => s.department))).toEqual(new Set(['stadtwerke', 'umwelt']));
  });
});
