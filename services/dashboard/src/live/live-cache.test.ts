import { QueryClient } from '@tanstack/react-query';
import type { IncidentView, SensorView } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { type IncidentListResponse, incidentKeys } from '../api/incidents.js';
import { sensorKeys } from '../api/sensors.js';
import { incident, sensor } from '../test-fixtures.js';
import { applyLiveMessage, applyReadings, type HeartbeatData, liveKeys } from './live-cache.js';

describe('applyLiveMessage', () => {
  it('puts a snapshot into the live incident and sensor queries', () => {
    const qc = new QueryClient();
    applyLiveMessage(qc, { v: 1, type: 'snapshot', at: 5, incidents: [incident()], sensors: [sensor()] }, 10);
    expect(qc.getQueryData<IncidentView[]>(incidentKeys.live())).toHaveLength(1);
    expect(qc.getQueryData<SensorView[]>(sensorKeys.live())?.[0]?.sensorId).toBe('s-1');
  });

  it('merges incident deltas into the live set and into cached filtered lists', () => {
    const qc = new QueryClient();
    qc.setQueryData(incidentKeys.live(), [incident({ incidentId: 'a' })]);
    const fireList = incidentKeys.list({ status: 'open', department: 'fire' });
    qc.setQueryData<IncidentListResponse>(fireList, { incidents: [incident({ incidentId: 'a' })], total: 1 });
    applyLiveMessage(
      qc,
      {
        v: 1,
        type: 'incidents',
        at: 5,
        incidents: [
          incident({ incidentId: 'a', department: 'police' }),
          incident({ incidentId: 'b', severity: 5 }),
        ],
      },
      10,
    );
    expect(qc.getQueryData<IncidentView[]>(incidentKeys.live())?.map((i) => i.incidentId)).toEqual([
      'a',
      'b',
    ]);
    // `a` was handed to police, so it leaves the fire list; `b` is fire's and joins it.
    expect(qc.getQueryData<IncidentListResponse>(fireList)).toMatchObject({
      incidents: [{ incidentId: 'b' }],
      total: 1,
    });
  });

  it('records heartbeats with the arrival time on our clock', () => {
    const qc = new QueryClient();
    const counters = { received: 1, stored: 1, rejected: 0, duplicates: 0, seqGaps: 0 };
    applyLiveMessage(qc, { v: 1, type: 'heartbeat', at: 100, lastIngestAt: 90, counters }, 5_000);
    expect(qc.getQueryData<HeartbeatData>(liveKeys.heartbeat())).toEqual({
      at: 100,
      lastIngestAt: 90,
      receivedAt: 5_000,
      counters,
    });
  });
});

describe('applyReadings', () => {
  it('updates latest values and lastSeen of known sensors only', () => {
    const current = [sensor({ sensorId: 'a' }), sensor({ sensorId: 'b' })];
    const next = applyReadings(current, [
      { sensorId: 'a', lastSeen: 9_000, values: { no2: { value: 3, ts: 9_000 } } },
      { sensorId: 'zzz', lastSeen: 9_000, values: { no2: { value: 3, ts: 9_000 } } },
    ]);
    expect(next?.[0]?.latest).toEqual({ pm25: { value: 12, ts: 1_000 }, no2: { value: 3, ts: 9_000 } });
    expect(next?.[0]?.lastSeen).toBe(9_000);
    expect(next?.[1]).toBe(current[1]);
    expect(next).toHaveLength(2);
  });
});
