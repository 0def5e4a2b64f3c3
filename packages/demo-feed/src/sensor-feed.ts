/**
 * The sensor side of the simulator, without IO: per-sensor schedules, `seq` counters, gateway buffers and
 * the occasional device dropping offline. `tick(now)` returns the messages due at `now`.
 */
import type { GatewayItem } from '@twin/domain';
import { gatewayMessage, metaMessage, type OutMessage, readingMessage, statusMessage } from './messages.js';
import { createRng, hashSeed, type Rng, randRange } from './prng.js';
import { type SimSensor, sensorMeta } from './sensor-fleet.js';
import { sensorValues } from './sensor-values.js';
import type { StormPlan } from './storm.js';

export interface SensorFeedOptions {
  topicRoot: string;
  seed: number;
  timezone: string;
  /** How often a gateway forwards what it buffered. */
  gatewayFlushMs: number;
  /** Chance, per reading, that the device drops offline for a while. */
  offlineChance?: number;
  /** Seeds the runtime randomness (schedule phases, outages); defaults to the seed. */
  runSeed?: number;
  /** The storm scenario (storm.ts); absent = no storms. */
  storm?: StormPlan | null;
}

interface SensorState {
  sensor: SimSensor;
  nextAt: number;
  seq: number;
  offlineUntil: number | null;
}

interface GatewayState {
  gatewayId: string;
  nextFlush: number;
  buffer: GatewayItem[];
}

/** Rare: with 300 sensors every 5 s this is about one outage every couple of minutes across the fleet. */
const DEFAULT_OFFLINE_CHANCE = 1 / 8000;
const OUTAGE_MS: readonly [number, number] = [45_000, 240_000];

export class SensorFeed {
  private readonly states: SensorState[];
  private readonly gateways = new Map<string, GatewayState>();
  private readonly rng: Rng;

  constructor(
    sensors: readonly SimSensor[],
    private readonly opts: SensorFeedOptions,
  ) {
    this.rng = createRng(hashSeed(opts.runSeed ?? opts.seed, 'sensor-feed'));
    this.states = sensors.map((sensor) => ({ sensor, nextAt: 0, seq: 0, offlineUntil: null }));
  }

  /** Registrations and `online` statuses (retained), and the first reading times spread over one interval. */
  start(now: number): OutMessage[] {
    const out: OutMessage[] = [];
    for (const s of this.states) {
      out.push(metaMessage(this.opts.topicRoot, s.sensor.sensorId, sensorMeta(s.sensor)));
      out.push(statusMessage(this.opts.topicRoot, s.sensor.sensorId, 'online'));
      // NOTE: spreading the first readings avoids a burst of every sensor in the same instant.
      s.nextAt = now + Math.floor(this.rng() * s.sensor.intervalMs);
      const gatewayId = s.sensor.gatewayId;
      if (gatewayId && !this.gateways.has(gatewayId)) {
        this.gateways.set(gatewayId, {
          gatewayId,
          nextFlush: now + Math.floor(this.rng() * this.opts.gatewayFlushMs),
          buffer: [],
        });
      }
    }
    return out;
  }

  tick(now: number): OutMessage[] {
    const out: OutMessage[] = [];
    const chance = this.opts.offlineChance ?? DEFAULT_OFFLINE_CHANCE;
    for (const s of this.states) {
      const id = s.sensor.sensorId;
      if (s.offlineUntil !== null) {
        if (now < s.offlineUntil) continue;
        s.offlineUntil = null;
        s.nextAt = now;
        out.push(statusMessage(this.opts.topicRoot, id, 'online'));
      }
      // After a long pause (a suspended laptop) skip the missed slots instead of replaying a burst of them.
      if (s.nextAt < now - 2 * s.sensor.intervalMs) s.nextAt = now;
      while (s.nextAt <= now) {
        const ts = s.nextAt;
        s.nextAt += Math.round(s.sensor.intervalMs * randRange(this.rng, 0.9, 1.1));
        if (this.rng() < chance) {
          s.offlineUntil = ts + randRange(this.rng, OUTAGE_MS[0], OUTAGE_MS[1]);
          out.push(statusMessage(this.opts.topicRoot, id, 'offline'));
          break;
        }
        const values = sensorValues(s.sensor, ts, this.opts.seed, this.opts.timezone, this.opts.storm);
        const seq = s.seq++;
        const gateway = s.sensor.gatewayId ? this.gateways.get(s.sensor.gatewayId) : undefined;
        if (gateway) gateway.buffer.push({ sensorId: id, ts, values, seq });
        else out.push(readingMessage(this.opts.topicRoot, id, { ts, values, seq }));
      }
    }
    for (const g of this.gateways.values()) {
      if (g.nextFlush > now) continue;
      g.nextFlush = Math.max(g.nextFlush + this.opts.gatewayFlushMs, now);
      if (g.buffer.length === 0) continue;
      out.push(gatewayMessage(this.opts.topicRoot, g.gatewayId, g.buffer));
      g.buffer = [];
    }
    return out;
  }

  /** Buffered gateway readings and retained `offline` statuses, so a stopped feed does not look alive. */
  stop(): OutMessage[] {
    const out: OutMessage[] = [];
    for (const g of this.gateways.values()) {
      if (g.buffer.length > 0) out.push(gatewayMessage(this.opts.topicRoot, g.gatewayId, g.buffer));
      g.buffer = [];
    }
    for (const s of this.states) out.push(statusMessage(this.opts.topicRoot, s.sensor.sensorId, 'offline'));
    return out;
  }

  /** Current `seq` of each sensor (the next reading's counter), for tests and diagnostics. */
  seqOf(sensorId: string): number | undefined {
    return this.states.find((s) => s.sensor.sensorId === sensorId)?.seq;
  }
}
