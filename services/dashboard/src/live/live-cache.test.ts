import { QueryClient } from '@tanstack/react-query';
import type { IncidentView, ReadingDelta, StorageState } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { type IncidentListResponse, incidentKeys } from '../api/incidents.js';
import { incident, sensor } from '../test-fixtures.js';
import { applyLiveMessage, type HeartbeatData, liveKeys } from './live-cache.js';
import { FrameNames, type NamedReadings, ReadingsEncoder } from './readings-frame.js';
import { SensorStore } from './sensor-store.js';

describe('applyLiveMessage', () => {
  it('puts a snapshot into the live incident and sensor queries', () => {
    const qc = new QueryClient();
    const sensors = new SensorStore();
    applyLiveMessage(
      qc,
      sensors,
      { v: 2, type: 'snapshot', at: 5, seq: 1, incidents: [incident()], sensors: [sensor()] },
      10,
    );
    expect(qc.getQueryData<IncidentView[]>(incidentKeys.live())).toHaveLength(1);
    expect(sensors.all()[0]?.sensorId).toBe('s-1');
    expect(sensors.loaded).toBe(true);
  });

  it('merges incident deltas into the live set and into cached filtered lists', () => {
    const qc = new QueryClient();
    const sensors = new SensorStore();
    qc.setQueryData(incidentKeys.live(), [incident({ incidentId: 'a' })]);
    const fireList = incidentKeys.list({ status: 'open', department: 'fire' });
    qc.setQueryData<IncidentListResponse>(fireList, {
      incidents: [incident({ incidentId: 'a' })],
      total: 1,
      awaitingReport: 0,
    });
    applyLiveMessage(
      qc,
      sensors,
      {
        v: 2,
        type: 'changes',
        at: 5,
        seq: 2,
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
    const sensors = new SensorStore();
    const counters = {
      received: 3,
      stored: 1,
      duplicates: 1,
      rejected: 1,
      pending: 0,
      readingsStored: 7,
      seqGaps: 0,
    };
    const storage = { ok: true, reason: null, since: null };
    applyLiveMessage(
      qc,
      sensors,
      { v: 2, type: 'heartbeat', at: 100, seq: 3, lastIngestAt: 90, counters, storage },
      5_000,
    );
    expect(qc.getQueryData<HeartbeatData>(liveKeys.heartbeat())).toEqual({
      at: 100,
      lastIngestAt: 90,
      receivedAt: 5_000,
      counters,
      storage,
    });
  });

  it('keeps the storage state of the latest heartbeat', () => {
    const qc = new QueryClient();
    const sensors = new SensorStore();
    const counters = {
      received: 0,
      stored: 0,
      duplicates: 0,
      rejected: 0,
      pending: 4,
      readingsStored: 0,
      seqGaps: 0,
    };
    const failing: StorageState = { ok: false, reason: 'connection refused', since: 80 };
    const heartbeat = (at: number, storage: StorageState) =>
      applyLiveMessage(
        qc,
        sensors,
        { v: 2, type: 'heartbeat', at, seq: 1, lastIngestAt: 50, counters, storage },
        at + 1_000,
      );
    heartbeat(100, failing);
    expect(qc.getQueryData<HeartbeatData>(liveKeys.heartbeat())?.storage).toEqual(failing);
    heartbeat(105, { ok: true, reason: null, since: null });
    expect(qc.getQueryData<HeartbeatData>(liveKeys.heartbeat())).toMatchObject({
      at: 105,
      storage: { ok: true, reason: null, since: null },
    });
    heartbeat(110, failing);
    expect(qc.getQueryData<HeartbeatData>(liveKeys.heartbeat())).toMatchObject({ at: 110, storage: failing });
  });
});

/** Readings as the live decoder hands them over, apart from their message. */
function readingsOf(readings: ReadingDelta[]): NamedReadings {
  const frame = new ReadingsEncoder().encode(readings);
  const names = new FrameNames();
  names.take(frame);
  return { frame, names };
}

describe('changes messages', () => {
  it('apply sensors and readings they carry; a resume keeps the cached state', () => {
    const qc = new QueryClient();
    const sensors = new SensorStore();
    applyLiveMessage(
      qc,
      sensors,
      { v: 2, type: 'snapshot', at: 1, seq: 1, incidents: [], sensors: [sensor({ sensorId: 'a' })] },
      1,
    );
    applyLiveMessage(
      qc,
      sensors,
      {
        v: 2,
        type: 'changes',
        at: 2,
        seq: 2,
        sensors: [sensor({ sensorId: 'b' })],
      },
      2,
      readingsOf([{ sensorId: 'a', lastSeen: 9_000, values: { no2: { value: 3, ts: 9_000 } } }]),
    );
    applyLiveMessage(qc, sensors, { v: 2, type: 'resumed', at: 3, seq: 2 }, 3);
    expect(sensors.all().map((s) => s.sensorId)).toEqual(['a', 'b']);
    expect(sensors.get('a')?.latest.no2).toEqual({ value: 3, ts: 9_000 });
  });
});
