/**
 * Sensors on the replay's map: the live store's sensors (where they are, which department) coloured by
 * their health at the playhead, by the wall's own rule (packages/domain sensor-health.ts) asked at the
 * playhead: offline when the device had said so by then, stale when its last reading at or before the
 * playhead is too old, else ok — written into typed arrays deck.gl takes as binary attributes, like the live
 * store does. Each frame moves the reading cursors and restyles only the sensors whose health changed; the
 * layer's data object is replaced only when a colour changed, so deck.gl skips frames where none did.
 */
import { type SensorHealth, type SensorView, sensorHealthOf, sensorStaleAfterMs } from '@twin/domain';
import type { ColorOf } from '../layers/colors.js';
import { sensorMarkerStyle } from '../layers/sensor-style.js';
import type { SensorLayerData } from '../live/sensor-store.js';
import type { ReadingCursor, ValueAt } from './reading-cursor.js';

/** One readings chunk (a slice's span) and its cursor. */
export interface ReadingChunk {
  from: number;
  to: number;
  cursor: ReadingCursor;
}

export interface ReplaySensorStyle {
  colorOf: ColorOf;
  department: string | null;
}

const HEALTH_CODE: Record<SensorHealth, number> = { ok: 0, stale: 1, offline: 2 };
const HEALTH_OF_CODE: readonly SensorHealth[] = ['ok', 'stale', 'offline'];

/**
 * From when the sensor is known to have been offline: its offline status's time (the status held since, as
 * the store keeps only the latest status); never (Infinity) when it is not offline now or the time is unknown.
 */
export function offlineSince(sensor: Pick<SensorView, 'status' | 'statusAt'>): number {
  return sensor.status === 'offline' && typeof sensor.statusAt === 'number'
    ? sensor.statusAt
    : Number.POSITIVE_INFINITY;
}

export class ReplaySensors {
  private readonly slotOf = new Map<string, number>();
  private readonly positions: Float64Array;
  private readonly fills: Uint8Array;
  private readonly lines: Uint8Array;
  /** Per slot: the last reading's time at the playhead (NaN for none), and the health drawn. */
  private readonly lastSeen: Float64Array;
  private readonly health: Uint8Array;
  private readonly staleAfter: Float64Array;
  private readonly offlineFrom: Float64Array;
  private chunk: ReadingChunk | null = null;
  private data: SensorLayerData | null = null;
  private t = Number.NaN;
  /** No sensor can change health by time alone before this (data time); see `update`. */
  private nextChange = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly sensors: readonly SensorView[],
    private readonly style: ReplaySensorStyle,
  ) {
    const n = sensors.length;
    this.positions = new Float64Array(n * 2);
    this.fills = new Uint8Array(n * 4);
    this.lines = new Uint8Array(n * 4);
    this.lastSeen = new Float64Array(n).fill(Number.NaN);
    this.health = new Uint8Array(n).fill(255);
    this.staleAfter = new Float64Array(n);
    this.offlineFrom = new Float64Array(n);
    sensors.forEach((sensor, slot) => {
      this.slotOf.set(sensor.sensorId, slot);
      this.positions[slot * 2] = sensor.lon;
      this.positions[slot * 2 + 1] = sensor.lat;
      this.staleAfter[slot] = sensorStaleAfterMs(sensor);
      this.offlineFrom[slot] = offlineSince(sensor);
    });
  }

  get size(): number {
    return this.sensors.length;
  }

  at(slot: number): SensorView | undefined {
    return this.sensors[slot];
  }

  /** The health drawn for the sensor at the playhead (null before the first frame). */
  healthOf(slot: number): SensorHealth | null {
    return HEALTH_OF_CODE[this.health[slot] as number] ?? null;
  }

  /** Its status then: offline from its offline status's time on, as far as the store knows. */
  statusAt(slot: number, t: number): 'online' | 'offline' {
    return t >= (this.offlineFrom[slot] as number) ? 'offline' : 'online';
  }

  /** The sensor's values at the playhead (its tooltip). */
  valuesOf(sensorId: string): Record<string, ValueAt> {
    return this.chunk?.cursor.valuesOf(sensorId) ?? {};
  }

  /**
   * Moves to `t` using the chunk that covers it (null: no readings loaded there — every sensor grey).
   * Returns the layer data: the same object as before unless a marker changed.
   *
   * Moving forward, only the sensors with a new reading are judged again, unless the playhead reached the
   * earliest instant at which any other could turn stale or offline (`nextChange`): at 600× a frame
   * crosses 10 s of data, in which a few hundred of 45,000 sensors report.
   */
  update(t: number, chunk: ReadingChunk | null): SensorLayerData {
    const bucketMs = chunk?.cursor.columns.bucketMs ?? 0;
    const moved: number[] = [];
    const everySensor = this.data === null || chunk !== this.chunk || !(t >= this.t) || t >= this.nextChange;
    if (chunk !== this.chunk) {
      // Another chunk: every sensor's last reading is read afresh from its cursor.
      this.chunk = chunk;
      this.lastSeen.fill(Number.NaN);
      if (chunk) {
        chunk.cursor.moveTo(t);
        for (const [id, slot] of this.slotOf) this.lastSeen[slot] = chunk.cursor.lastSeen(id);
      }
    } else if (chunk && t !== this.t) {
      const names = chunk.cursor.columns.sensorNames;
      const backwards = t < this.t;
      chunk.cursor.moveTo(t, (sensorCode, at) => {
        const slot = this.slotOf.get(names[sensorCode] ?? '');
        if (slot === undefined) return;
        // Forward, a sensor's last reading only gets later; backward, read it again from its cursor.
        if (backwards || Number.isNaN(at))
          this.lastSeen[slot] = chunk.cursor.lastSeen(names[sensorCode] ?? '');
        else if (!(at <= (this.lastSeen[slot] as number))) this.lastSeen[slot] = at;
        moved.push(slot);
      });
    }
    this.t = t;
    let changed = false;
    if (everySensor) {
      let next = Number.POSITIVE_INFINITY;
      for (let slot = 0; slot < this.sensors.length; slot++) {
        changed = this.restyle(slot, t, bucketMs) || changed;
        next = Math.min(next, this.changesAt(slot, bucketMs));
      }
      this.nextChange = next;
    } else
      for (const slot of moved) {
        changed = this.restyle(slot, t, bucketMs) || changed;
        // NOTE: the bound only falls: a sensor whose reading got later turns stale later, not sooner.
        this.nextChange = Math.min(this.nextChange, this.changesAt(slot, bucketMs));
      }
    if (changed || !this.data)
      this.data = {
        length: this.sensors.length,
        attributes: {
          getPosition: { value: this.positions, size: 2 },
          getFillColor: { value: this.fills, size: 4, normalized: true },
          getLineColor: { value: this.lines, size: 4, normalized: true },
        },
      };
    return this.data;
  }

  /** Judges one sensor at t and restyles its marker if its health changed; true if it did. */
  private restyle(slot: number, t: number, bucketMs: number): boolean {
    // NOTE: a bucket counts from its end, so allow one bucket more before calling a sensor stale.
    const health = sensorHealthOf(
      t >= (this.offlineFrom[slot] as number),
      this.lastSeen[slot] as number,
      (this.staleAfter[slot] as number) + bucketMs,
      t,
    );
    if (this.health[slot] === HEALTH_CODE[health]) return false;
    this.health[slot] = HEALTH_CODE[health];
    const sensor = this.sensors[slot] as SensorView;
    const faded = this.style.department !== null && sensor.department !== this.style.department;
    const { fill, line } = sensorMarkerStyle(health, this.style.colorOf(sensor.department), faded);
    this.fills.set(fill, slot * 4);
    this.lines.set(line, slot * 4);
    return true;
  }

  /** The earliest data time after which the sensor's health can change without a new reading. */
  private changesAt(slot: number, bucketMs: number): number {
    const offlineFrom = this.offlineFrom[slot] as number;
    // Offline stays offline from then on; stale turns ok only with a reading, or offline at its time.
    if (this.health[slot] === HEALTH_CODE.offline) return Number.POSITIVE_INFINITY;
    if (this.health[slot] !== HEALTH_CODE.ok) return offlineFrom;
    const staleFrom = (this.lastSeen[slot] as number) + (this.staleAfter[slot] as number) + bucketMs;
    return Math.min(offlineFrom, staleFrom);
  }
}
