/** Builders for test data, so each test states only the fields it is about. */
import type { IncidentView, SensorView } from '@twin/domain';

export function incident(overrides: Partial<IncidentView> = {}): IncidentView {
  return {
    incidentId: 'inc-1',
    status: 'reported',
    department: 'fire',
    reportedBy: 'fire',
    category: 'Structure Fire',
    categoryKey: 'structure-fire',
    severity: 3,
    title: 'Fire',
    lat: 37.77,
    lon: -122.42,
    units: [],
    assisting: [],
    handoffs: 0,
    pendingHandover: null,
    awaitingAck: true,
    openedAt: 1_000,
    updatedAt: 1_000,
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
    lastEventType: 'reported',
    eventCount: 1,
    awaitingReport: false,
    source: 'department',
    district: 'Mission',
    cell: '8406:-21548',
    outsideCity: false,
    ...overrides,
  };
}

export function sensor(overrides: Partial<SensorView> = {}): SensorView {
  return {
    sensorId: 's-1',
    name: 'Air 1',
    kind: 'air_quality',
    department: 'environment',
    lat: 37.77,
    lon: -122.42,
    district: 'Mission',
    cell: '8406:-21548',
    outsideCity: false,
    units: { pm25: 'µg/m³' },
    intervalS: 10,
    simulated: true,
    status: 'online',
    lastSeen: 1_000,
    latest: { pm25: { value: 12, ts: 1_000 } },
    ...overrides,
  };
}
