/**
 * Fan-out of committed changes to `/api/v1/live` clients. A client first gets a snapshot, then deltas;
 * deltas committed while its snapshot is being read are held back and sent after it, so a client never
 * misses a change or sees one undone by an older snapshot.
 *
 * Readings are coalesced per sensor and sent once a second: a wall screen needs the newest value, not
 * every sample, and this bounds the socket traffic whatever the ingest rate.
 */
import {
  type IncidentView,
  type IngestCounters,
  LIVE_PROTOCOL_VERSION,
  type LiveMessage,
  type ReadingDelta,
  type SensorView,
  type StorageState,
} from '@twin/domain';

export interface LiveSocket {
  send(data: string): void;
  readonly readyState: number;
  readonly bufferedAmount: number;
  close(code?: number, reason?: string): void;
}

export interface LiveHubOptions {
  snapshot(): Promise<{ incidents: IncidentView[]; sensors: SensorView[] }>;
  sensorsById(ids: string[]): Promise<SensorView[]>;
  counters(): Promise<IngestCounters>;
  lastIngestAt(): number | null;
  /** Whether what arrives is being stored: a wall must not say LIVE while it is not. */
  storage(): StorageState;
  onClientCount?(n: number): void;
  readingsIntervalMs?: number;
  incidentsIntervalMs?: number;
  heartbeatIntervalMs?: number;
  log: { warn(obj: unknown, msg: string): void };
}

const OPEN = 1;
/** A client this far behind (a frozen tab, a dead network) is dropped rather than buffered forever. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export class LiveHub {
  private readonly ready = new Set<LiveSocket>();
  private readonly pending = new Map<LiveSocket, string[]>();
  private readings = new Map<string, ReadingDelta>();
  private incidents = new Map<string, IncidentView>();
  private sensorIds = new Set<string>();
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(private readonly opts: LiveHubOptions) {
    this.timers.push(setInterval(() => this.flushReadings(), opts.readingsIntervalMs ?? 1000));
    this.timers.push(
      setInterval(() => void this.flushIncidentsAndSensors(), opts.incidentsIntervalMs ?? 200),
    );
    this.timers.push(setInterval(() => void this.heartbeat(), opts.heartbeatIntervalMs ?? 5000));
    for (const t of this.timers) t.unref();
  }

  get clientCount(): number {
    return this.ready.size + this.pending.size;
  }

  async add(socket: LiveSocket): Promise<void> {
    this.pending.set(socket, []);
    this.opts.onClientCount?.(this.clientCount);
    try {
      const { incidents, sensors } = await this.opts.snapshot();
      const held = this.pending.get(socket);
      if (!held) return; // closed while the snapshot was read
      this.sendTo(socket, { v: LIVE_PROTOCOL_VERSION, type: 'snapshot', at: Date.now(), incidents, sensors });
      // A heartbeat right away tells a fresh wall screen how old the data is without waiting 5 s.
      this.sendTo(socket, await this.heartbeatMessage());
      for (const text of held) this.sendRaw(socket, text);
      this.pending.delete(socket);
      this.ready.add(socket);
    } catch (err) {
      this.opts.log.warn({ err }, 'live snapshot failed; closing the socket so the client retries');
      this.remove(socket);
      socket.close(1011, 'snapshot failed');
    }
  }

  remove(socket: LiveSocket): void {
    this.ready.delete(socket);
    this.pending.delete(socket);
    this.opts.onClientCount?.(this.clientCount);
  }

  /** Called for every committed batch. */
  publish(change: {
    incidents: IncidentView[];
    sensorIds: string[];
    readings: Map<string, { ts: number; values: Record<string, number> }>;
  }): void {
    for (const incident of change.incidents) this.incidents.set(incident.incidentId, incident);
    for (const id of change.sensorIds) this.sensorIds.add(id);
    for (const [sensorId, r] of change.readings) {
      const delta = this.readings.get(sensorId) ?? { sensorId, lastSeen: r.ts, values: {} };
      delta.lastSeen = Math.max(delta.lastSeen, r.ts);
      for (const [metric, value] of Object.entries(r.values)) {
        const prev = delta.values[metric];
        if (!prev || prev.ts <= r.ts) delta.values[metric] = { value, ts: r.ts };
      }
      this.readings.set(sensorId, delta);
    }
  }

  private flushReadings(): void {
    if (this.readings.size === 0) return;
    const readings = [...this.readings.values()];
    this.readings = new Map();
    this.broadcast({ v: LIVE_PROTOCOL_VERSION, type: 'readings', at: Date.now(), readings });
  }

  private async flushIncidentsAndSensors(): Promise<void> {
    if (this.incidents.size > 0) {
      const incidents = [...this.incidents.values()];
      this.incidents = new Map();
      this.broadcast({ v: LIVE_PROTOCOL_VERSION, type: 'incidents', at: Date.now(), incidents });
    }
    if (this.sensorIds.size > 0) {
      const ids = [...this.sensorIds];
      this.sensorIds = new Set();
      try {
        const sensors = await this.opts.sensorsById(ids);
        if (sensors.length > 0)
          this.broadcast({ v: LIVE_PROTOCOL_VERSION, type: 'sensors', at: Date.now(), sensors });
      } catch (err) {
        this.opts.log.warn({ err }, 'could not read changed sensors for the live feed');
      }
    }
  }

  private async heartbeatMessage(): Promise<LiveMessage> {
    const counters = await this.opts.counters();
    return {
      v: LIVE_PROTOCOL_VERSION,
      type: 'heartbeat',
      at: Date.now(),
      lastIngestAt: this.opts.lastIngestAt(),
      counters,
      storage: this.opts.storage(),
    };
  }

  /** Sends a heartbeat now (e.g. when storage starts or stops failing) instead of at the next tick. */
  async heartbeatNow(): Promise<void> {
    await this.heartbeat();
  }

  private async heartbeat(): Promise<void> {
    if (this.clientCount === 0) return;
    this.broadcast(await this.heartbeatMessage());
  }

  private broadcast(message: LiveMessage): void {
    const text = JSON.stringify(message);
    for (const socket of this.ready) this.sendRaw(socket, text);
    for (const held of this.pending.values()) held.push(text);
  }

  private sendTo(socket: LiveSocket, message: LiveMessage): void {
    this.sendRaw(socket, JSON.stringify(message));
  }

  private sendRaw(socket: LiveSocket, text: string): void {
    if (socket.readyState !== OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.remove(socket);
      socket.close(1013, 'client too slow');
      return;
    }
    socket.send(text);
  }

  close(): void {
    for (const t of this.timers) clearInterval(t);
    for (const socket of [...this.ready, ...this.pending.keys()]) socket.close(1001, 'server shutting down');
    this.ready.clear();
    this.pending.clear();
  }
}
