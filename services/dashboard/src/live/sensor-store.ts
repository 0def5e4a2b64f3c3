/**
 * The live sensors, kept outside React and outside the query cache: at city scale (50,000 sensors, a
 * readings delta several times a second) rebuilding an immutable list per delta and re-rendering whoever
 * reads it costs ~100 ms a message. Here every sensor has a fixed slot (id → slot); a readings delta touches
 * only the slots it names, in place, and the map reads typed arrays (positions, colours) it hands to deck.gl
 * as binary attributes. Subscribers are told which kind of change happened, so a component that only
 * cares about the list's shape (which sensors, where) is not woken by readings.
 *
 * NOTE: SensorView objects in the store are mutated in place by readings (latest values, lastSeen). Read
 * them when drawing; do not keep them expecting they stay as they were.
 */
import { mergeLatestValue, type SensorView } from '@twin/domain';
import type { ColorOf } from '../layers/colors.js';
import { sensorShapeCode } from '../layers/sensor-shapes.js';
import {
  type SensorHealth,
  type SensorMarkerStyle,
  sensorMarkerStyle,
  sensorStaleAfterMs,
} from '../layers/sensor-style.js';
import type { NamedReadings } from './readings-frame.js';

/** What changed: the set of sensors or their places/status (`structure`), values only (`readings`), colours (`style`). */
export type SensorChange = 'structure' | 'readings' | 'style';

export interface SensorStyleInput {
  colorOf: ColorOf;
  /** The time health is judged at (coarse: it changes every few seconds, not per message). */
  now: number;
  /** A department filter fades the other departments' sensors. */
  department: string | null;
}

/** deck.gl's binary data: `length` instances and typed arrays per attribute (no per-object accessors). */
export interface SensorLayerData {
  length: number;
  attributes: {
    getPosition: { value: Float64Array; size: 2 };
    getFillColor: { value: Uint8Array; size: 4; normalized: true };
    getLineColor: { value: Uint8Array; size: 4; normalized: true };
    /** Each sensor's kind as a shape code (layers/sensor-shapes.ts); absent: discs (the replay's sensors). */
    getShape?: { value: Float32Array; size: 1 };
  };
}

export interface SensorStoreOptions {
  /**
   * Tells subscribers later, once for all the changes made meanwhile (default: at once). The app passes the
   * next task: subscribers re-render React (the map at 50,000 markers), and doing that inside the socket's
   * message handler made one task of both, past the wall's 50 ms budget.
   */
  scheduleNotify?(flush: () => void): void;
}

const NOTIFY_ORDER: readonly SensorChange[] = ['structure', 'style', 'readings'];

const HEALTH_CODE: Record<SensorHealth, number> = { ok: 0, stale: 1, offline: 2 };
const HEALTH_OF_CODE: readonly SensorHealth[] = ['ok', 'stale', 'offline'];
const INITIAL_CAPACITY = 1024;

export class SensorStore {
  private sensors: SensorView[] = [];
  private readonly slotOf = new Map<string, number>();
  private positions = new Float64Array(INITIAL_CAPACITY * 2);
  private fills = new Uint8Array(INITIAL_CAPACITY * 4);
  private lines = new Uint8Array(INITIAL_CAPACITY * 4);
  private health = new Uint8Array(INITIAL_CAPACITY);
  /**
   * When each sensor turns stale (epoch ms; -Infinity before its first reading), and whether it is offline:
   * the 10 s clock then restyles only the sensors whose health flips, found by comparing numbers, instead of
   * recomputing 50,000 markers (a 50–80 ms task on the wall's machine).
   */
  private staleAt = new Float64Array(INITIAL_CAPACITY);
  private offline = new Uint8Array(INITIAL_CAPACITY);
  /** Each sensor's kind as a shape code (layers/sensor-shapes.ts). */
  private shapes = new Float32Array(INITIAL_CAPACITY);
  private style: SensorStyleInput | null = null;
  /** Marker colours per department, health and fading, for the current style: restyling allocates nothing. */
  private styleCache = new Map<string, SensorMarkerStyle[]>();
  private readonly listeners = new Set<(change: SensorChange) => void>();
  /** Sensors per department, kept as sensors are placed, so the department set never needs a full pass. */
  private readonly departmentCounts = new Map<string, number>();
  private departmentIdsCache: ReadonlySet<string> | null = null;
  /** Sensors per kind, kept the same way: the map key lists the kinds present. */
  private readonly kindCounts = new Map<string, number>();
  private kindsCache: ReadonlySet<string> | null = null;
  private layerDataCache: SensorLayerData | null = null;
  /**
   * NOTE: deck.gl skips an attribute whose descriptor is the same object as last time, and re-reads all of it
   * otherwise (for positions, a 64-bit split of 50,000 points: ~20 ms). Each descriptor is replaced only when
   * what it describes changed: the positions on a structural change, the colours on a style change.
   */
  private positionAttribute: SensorLayerData['attributes']['getPosition'] | null = null;
  private shapeAttribute: NonNullable<SensorLayerData['attributes']['getShape']> | null = null;
  private colorAttributes: Pick<SensorLayerData['attributes'], 'getFillColor' | 'getLineColor'> | null = null;
  private anySimulatedCache: boolean | null = null;
  private readonly pendingChanges = new Set<SensorChange>();
  private notifyScheduled = false;
  /** Bumped on every change of its kind; React reads these through useSyncExternalStore. */
  structureVersion = 0;
  readingsVersion = 0;
  styleVersion = 0;
  /** False until the first snapshot: "loading" rather than "no sensors". */
  loaded = false;

  constructor(private readonly options: SensorStoreOptions = {}) {}

  get size(): number {
    return this.sensors.length;
  }

  /** Every sensor in slot order. The array is replaced on a structural change only. */
  all(): readonly SensorView[] {
    return this.sensors;
  }

  get(sensorId: string): SensorView | undefined {
    const slot = this.slotOf.get(sensorId);
    return slot === undefined ? undefined : this.sensors[slot];
  }

  /** The sensor drawn at a deck.gl instance index (picking on binary data gives an index, not an object). */
  at(index: number): SensorView | undefined {
    return this.sensors[index];
  }

  subscribe(listener: (change: SensorChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A snapshot: the whole list, in the server's order. */
  replaceAll(sensors: readonly SensorView[]): void {
    this.sensors = [];
    this.slotOf.clear();
    this.departmentCounts.clear();
    this.departmentIdsCache = null;
    this.kindCounts.clear();
    this.kindsCache = null;
    this.ensureCapacity(sensors.length);
    for (const sensor of sensors) this.place(sensor);
    this.loaded = true;
    this.restyleAll();
    this.changed('structure');
  }

  /** Sensors registered, moved, renamed or whose status changed; new ones get the next slot. */
  upsert(changed: readonly SensorView[]): void {
    if (changed.length === 0) return;
    this.sensors = [...this.sensors];
    this.ensureCapacity(this.sensors.length + changed.length);
    for (const sensor of changed) {
      const slot = this.place(sensor);
      this.restyleSlot(slot);
    }
    this.changed('structure');
  }

  /**
   * Readings from the live socket (a frame of typed arrays, live-decoder.ts), applied at once: latest values
   * and lastSeen, in place. NOTE: no slicing over tasks (the object path needed it): the server sends at most
   * 2,000 readings a message, and as typed arrays they take about a millisecond. Readings of sensors not yet
   * known are ignored until their registration arrives. Per metric the newest value wins (a late delta never moves a value back in time).
   * Returns how many known sensors the delta touched.
   */
  applyReadings({ frame, names }: NamedReadings): number {
    let touched = 0;
    let restyled = false;
    const { sensor: sensorNumber, lastSeen, valueStart, metric, value, ts } = frame;
    for (let i = 0; i < frame.count; i++) {
      const slot = this.slotOf.get(names.ids[sensorNumber[i] as number] as string);
      if (slot === undefined) continue;
      const sensor = this.sensors[slot] as SensorView;
      for (let v = valueStart[i] as number; v < (valueStart[i + 1] as number); v++)
        mergeLatestValue(
          sensor.latest,
          names.metrics[metric[v] as number] as string,
          value[v] as number,
          ts[v] as number,
        );
      const seen = lastSeen[i] as number;
      if (sensor.lastSeen === null || seen > sensor.lastSeen) {
        sensor.lastSeen = seen;
        this.staleAt[slot] = seen + sensorStaleAfterMs(sensor);
      }
      touched++;
      // NOTE: a reading only changes a marker when it brings a stale sensor back; everything else is values.
      if (this.style && this.health[slot] !== this.healthCode(slot, this.style.now)) {
        this.restyleSlot(slot);
        restyled = true;
      }
    }
    if (touched > 0) this.changed('readings');
    if (restyled) this.changed('style');
    return touched;
  }

  /**
   * New colours or filter: every marker is restyled. A new clock alone restyles only the sensors whose health
   * it flips (most ticks: none or a few).
   */
  setStyle(style: SensorStyleInput): void {
    const previous = this.style;
    if (
      previous &&
      previous.colorOf === style.colorOf &&
      previous.now === style.now &&
      previous.department === style.department
    )
      return;
    this.style = style;
    const clockOnly =
      previous !== null && previous.colorOf === style.colorOf && previous.department === style.department;
    if (!clockOnly) this.styleCache.clear();
    if (clockOnly ? this.reclock(style.now) : this.restyleAll()) this.changed('style');
  }

  /** The same object while nothing drawn changed, so deck.gl skips the layer's attributes entirely. */
  layerData(): SensorLayerData {
    this.positionAttribute ??= { value: this.positions, size: 2 };
    this.shapeAttribute ??= { value: this.shapes, size: 1 };
    this.colorAttributes ??= {
      getFillColor: { value: this.fills, size: 4, normalized: true },
      getLineColor: { value: this.lines, size: 4, normalized: true },
    };
    this.layerDataCache ??= {
      length: this.sensors.length,
      attributes: {
        getPosition: this.positionAttribute,
        getShape: this.shapeAttribute,
        ...this.colorAttributes,
      },
    };
    return this.layerDataCache;
  }

  /** Departments any sensor belongs to (to ask the server about departments it has not listed yet). */
  departmentIds(): ReadonlySet<string> {
    this.departmentIdsCache ??= new Set(this.departmentCounts.keys());
    return this.departmentIdsCache;
  }

  /** The kinds of the sensors present (a new object only when a kind appears or goes). */
  kinds(): ReadonlySet<string> {
    this.kindsCache ??= new Set(this.kindCounts.keys());
    return this.kindsCache;
  }

  anySimulated(): boolean {
    this.anySimulatedCache ??= this.sensors.some((s) => s.simulated);
    return this.anySimulatedCache;
  }

  private place(sensor: SensorView): number {
    let slot = this.slotOf.get(sensor.sensorId);
    if (slot === undefined) {
      slot = this.sensors.length;
      this.slotOf.set(sensor.sensorId, slot);
    }
    const before = this.sensors[slot];
    if (before?.department !== sensor.department) {
      if (before !== undefined) this.countDepartment(before.department, -1);
      this.countDepartment(sensor.department, 1);
    }
    if (before?.kind !== sensor.kind) {
      if (before !== undefined) this.countKind(before.kind, -1);
      this.countKind(sensor.kind, 1);
    }
    this.shapes[slot] = sensorShapeCode(sensor.kind);
    this.sensors[slot] = { ...sensor, latest: { ...sensor.latest } };
    this.positions[slot * 2] = sensor.lon;
    this.positions[slot * 2 + 1] = sensor.lat;
    this.staleAt[slot] = sensor.lastSeen === null ? -Infinity : sensor.lastSeen + sensorStaleAfterMs(sensor);
    this.offline[slot] = sensor.status === 'offline' ? 1 : 0;
    return slot;
  }

  private countKind(kind: string, delta: number): void {
    const count = (this.kindCounts.get(kind) ?? 0) + delta;
    if (count > 0) this.kindCounts.set(kind, count);
    else this.kindCounts.delete(kind);
    if (count === 0 || count === delta) this.kindsCache = null;
  }

  private countDepartment(department: string, delta: number): void {
    const count = (this.departmentCounts.get(department) ?? 0) + delta;
    if (count > 0) this.departmentCounts.set(department, count);
    else this.departmentCounts.delete(department);
    // The set changes only when a department appears or goes: a new object then, the same one otherwise.
    if (count === 0 || count === delta) this.departmentIdsCache = null;
  }

  /** Returns whether any colour changed. */
  private restyleAll(): boolean {
    let any = false;
    for (let slot = 0; slot < this.sensors.length; slot++) any = this.restyleSlot(slot) || any;
    return any;
  }

  /** Restyles the sensors whose health changes at `now`; returns whether any colour changed. */
  private reclock(now: number): boolean {
    let any = false;
    for (let slot = 0; slot < this.sensors.length; slot++)
      if (this.health[slot] !== this.healthCode(slot, now)) any = this.restyleSlot(slot) || any;
    return any;
  }

  /** The domain of sensorHealth (layers/sensor-style.ts), read from the typed arrays kept beside the sensors. */
  private healthCode(slot: number, now: number): number {
    if (this.offline[slot] === 1) return HEALTH_CODE.offline;
    return now > (this.staleAt[slot] ?? -Infinity) ? HEALTH_CODE.stale : HEALTH_CODE.ok;
  }

  private markerStyle(department: string, code: number, faded: boolean): SensorMarkerStyle {
    const style = this.style as SensorStyleInput;
    let styles = this.styleCache.get(department);
    if (!styles) {
      const color = style.colorOf(department);
      styles = [];
      for (const health of HEALTH_OF_CODE)
        for (const fade of [false, true]) styles.push(sensorMarkerStyle(health, color, fade));
      this.styleCache.set(department, styles);
    }
    return styles[code * 2 + (faded ? 1 : 0)] as SensorMarkerStyle;
  }

  private restyleSlot(slot: number): boolean {
    const style = this.style;
    const sensor = this.sensors[slot];
    if (!style || !sensor) return false;
    const code = this.healthCode(slot, style.now);
    this.health[slot] = code;
    const faded = style.department !== null && sensor.department !== style.department;
    const { fill, line } = this.markerStyle(sensor.department, code, faded);
    const fillChanged = writeColor(this.fills, slot, fill);
    const lineChanged = writeColor(this.lines, slot, line);
    return fillChanged || lineChanged;
  }

  private ensureCapacity(count: number): void {
    if (count <= this.health.length) return;
    let capacity = this.health.length;
    while (capacity < count) capacity *= 2;
    this.positions = grow(this.positions, capacity * 2);
    this.fills = grow(this.fills, capacity * 4);
    this.lines = grow(this.lines, capacity * 4);
    this.health = grow(this.health, capacity);
    this.staleAt = grow(this.staleAt, capacity);
    this.offline = grow(this.offline, capacity);
    this.shapes = grow(this.shapes, capacity);
    this.positionAttribute = null;
    this.shapeAttribute = null;
    this.colorAttributes = null;
  }

  private changed(change: SensorChange): void {
    if (change === 'structure') {
      this.structureVersion++;
      this.anySimulatedCache = null;
    }
    if (change === 'readings') this.readingsVersion++;
    if (change === 'style') this.styleVersion++;
    // NOTE: a new data object tells deck.gl to look at the attributes again; it re-reads those whose
    // descriptor is new (layerData). The arrays themselves are reused.
    if (change !== 'readings') this.layerDataCache = null;
    // A structural change also colours the sensors it adds or changes.
    if (change === 'structure') {
      this.positionAttribute = null;
      this.shapeAttribute = null;
    }
    if (change !== 'readings') this.colorAttributes = null;
    const schedule = this.options.scheduleNotify;
    if (!schedule) {
      for (const listener of this.listeners) listener(change);
      return;
    }
    this.pendingChanges.add(change);
    if (this.notifyScheduled) return;
    this.notifyScheduled = true;
    schedule(() => {
      this.notifyScheduled = false;
      const changes = NOTIFY_ORDER.filter((c) => this.pendingChanges.has(c));
      this.pendingChanges.clear();
      for (const c of changes) for (const listener of this.listeners) listener(c);
    });
  }
}

function writeColor(target: Uint8Array, slot: number, color: readonly number[]): boolean {
  const at = slot * 4;
  let changed = false;
  for (let i = 0; i < 4; i++) {
    const value = color[i] ?? 0;
    if (target[at + i] !== value) {
      target[at + i] = value;
      changed = true;
    }
  }
  return changed;
}

function grow<T extends Float64Array | Float32Array | Uint8Array>(array: T, length: number): T {
  const next = new (array.constructor as new (n: number) => T)(length);
  next.set(array);
  return next;
}
