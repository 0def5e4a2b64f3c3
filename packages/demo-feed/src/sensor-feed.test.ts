import type { IngestRecord } from '@twin/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SimCity } from './city-points.js';
import type { OutMessage } from './messages.js';
import { SensorFeed } from './sensor-feed.js';
import { generateFleet, type SimSensor } from './sensor-fleet.js';
import { decode, loadSf } from './test-support.js';

let city: SimCity;
let fleet: SimSensor[];
beforeAll(async () => {
  city = await loadSf();
  fleet = generateFleet(city, { seed: 5, sensorCount: 60, readingIntervalMs: 5000 });
});

const T0 = Date.UTC(2024, 5, 12, 16, 0, 0);
const feedOptions = { topicRoot: 'city', seed: 5, timezone: 'America/Los_Angeles', gatewayFlushMs: 5000 };

/** Runs a feed for `ms` in 250 ms ticks, decoding every message as the server would. */
function run(feed: SensorFeed, ms: number): { messages: OutMessage[]; records: IngestRecord[] } {
  const messages = [...feed.start(T0)];
  for (let t = T0; t <= T0 + ms; t += 250) messages.push(...feed.tick(t));
  const records: IngestRecord[] = [];
  for (const m of messages) {
    const result = decode(m, T0 + ms);
    expect(result.errors, m.topic).toEqual([]);
    records.push(...result.records);
  }
  return { messages, records };
}

describe('SensorFeed', () => {
  it('registers every sensor (retained meta and online status) before any reading', () => {
    const feed = new SensorFeed(fleet, { ...feedOptions, offlineChance: 0 });
    const start = feed.start(T0);
    expect(start).toHaveLength(2 * fleet.length);
    expect(start.every((m) => m.retain)).toBe(true);
    expect(start.filter((m) => m.topic.endsWith('/status')).map((m) => m.payload)).toEqual(
      fleet.map(() => 'online'),
    );
  });

  it('publishes decodable readings and gateway arrays with a gap-free seq per sensor', () => {
    const feed = new SensorFeed(fleet, { ...feedOptions, offlineChance: 0 });
    const { messages, records } = run(feed, 60_000);
    const gatewayMessages = messages.filter((m) => m.topic.includes('/gateways/'));
    expect(gatewayMessages.length).toBeGreaterThan(0);
    expect(gatewayMessages.some((m) => (JSON.parse(m.payload) as unknown[]).length > 1)).toBe(true);
    expect(messages.filter((m) => /\/sensors\/[^/]+\/data$/.test(m.topic)).length).toBeGreaterThan(0);

    const seqs = new Map<string, number[]>();
    for (const r of records) {
      if (r.kind !== 'reading') continue;
      seqs.set(r.sensorId, [...(seqs.get(r.sensorId) ?? []), r.seq ?? -1]);
    }
    // Every sensor reported, roughly once per interval, and seq counts 0, 1, 2, … with no gap or repeat.
    expect(seqs.size).toBe(fleet.length);
    for (const s of fleet) {
      const list = seqs.get(s.sensorId) ?? [];
      expect(list.length).toBeGreaterThanOrEqual(9);
      expect(list.length).toBeLessThanOrEqual(17);
      expect([...list].sort((a, b) => a - b)).toEqual(list.map((_, i) => i));
      // A gateway may still hold the last reading or two in its buffer until its next flush.
      if (s.gatewayId) expect(feed.seqOf(s.sensorId)).toBeLessThanOrEqual(list.length + 2);
      else expect(feed.seqOf(s.sensorId)).toBe(list.length);
    }
  });

  it('sends gateway sensors only through their gateway', () => {
    const feed = new SensorFeed(fleet, { ...feedOptions, offlineChance: 0 });
    const { messages } = run(feed, 30_000);
    for (const s of fleet.filter((x) => x.gatewayId)) {
      expect(messages.some((m) => m.topic === `city/v1/sensors/${s.sensorId}/data`)).toBe(false);
    }
    const gw = messages.find((m) => m.topic.includes('/gateways/'));
    const items = JSON.parse(gw?.payload ?? '[]') as { sensorId: string }[];
    const gatewayId = gw?.topic.split('/')[3];
    for (const item of items)
      expect(fleet.find((s) => s.sensorId === item.sensorId)?.gatewayId).toBe(gatewayId);
  });

  it('drops a sensor offline, stops its readings, then brings it back online', () => {
    const one = fleet.filter((s) => !s.gatewayId).slice(0, 1);
    const feed = new SensorFeed(one, { ...feedOptions, offlineChance: 1 });
    feed.start(T0);
    const out: { t: number; m: OutMessage }[] = [];
    for (let t = T0; t <= T0 + 300_000; t += 250) for (const m of feed.tick(t)) out.push({ t, m });
    const statuses = out.filter((o) => o.m.topic.endsWith('/status'));
    expect(statuses[0]?.m.payload).toBe('offline');
    expect(statuses[1]?.m.payload).toBe('online');
    const offlineAt = statuses[0]?.t ?? 0;
    const onlineAt = statuses[1]?.t ?? 0;
    expect(onlineAt - offlineAt).toBeGreaterThanOrEqual(44_000);
    // NOTE: with a chance of 1 every reading attempt takes it offline again, so no reading is ever sent.
    expect(out.some((o) => o.m.topic.endsWith('/data'))).toBe(false);
  });

  it('on stop flushes gateway buffers and marks every sensor offline', () => {
    const feed = new SensorFeed(fleet, { ...feedOptions, offlineChance: 0 });
    run(feed, 7_000);
    const stop = feed.stop();
    const statuses = stop.filter((m) => m.topic.endsWith('/status'));
    expect(statuses).toHaveLength(fleet.length);
    expect(statuses.every((m) => m.payload === 'offline' && m.retain)).toBe(true);
  });
});
