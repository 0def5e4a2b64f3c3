/**
 * `/api/v1/live` (protocol v2, packages/domain/src/live-protocol.ts): sends each client the changes the
 * change feed reads from the store, filtered to the part of the city it asked for.
 *
 * A new client gets a snapshot taken at a log position, or — when it resumes after a seq the log still
 * holds — `resumed` and exactly the changes it missed. Changes the feed reads while a client is being set
 * up are held and sent after, skipping those its snapshot already contains, so a client never misses a
 * change, never gets one twice, and never sees one undone by an older snapshot.
 */
import {
  type IncidentView,
  type IngestCounters,
  incidentMatches,
  isWholeCity,
  LIVE_PROTOCOL_VERSION,
  type LiveFilter,
  type LiveMessage,
  type SensorPlace,
  type SensorView,
  type StorageState,
  sensorMatches,
} from '@twin/domain';
import type { ChangeRow } from '../db/change-log.js';
import { changesFor, changesMessages, type DecodedChanges, decodeChanges } from './change-messages.js';
import { SharedSnapshots } from './shared-snapshots.js';

export interface LiveSocket {
  /** `sent` runs once the data has been handed to the network (ws calls it after the write). */
  send(data: string, sent?: (err?: Error) => void): void;
  readonly readyState: number;
  readonly bufferedAmount: number;
  close(code?: number, reason?: string): void;
}

/** The live state and the log position it reflects. */
export interface Snapshot {
  seq: number;
  incidents: IncidentView[];
  sensors: SensorView[];
}

export interface LiveHubOptions {
  /** The live state and the log position it reflects, read consistently. */
  snapshot(): Promise<Snapshot>;
  /** The log's bounds: resuming after `since` works when nothing after it has been pruned. */
  bounds(): Promise<{ oldest: number | null; newest: number }>;
  /** Log rows in (after, upTo], oldest first. */
  changesBetween(after: number, upTo: number): Promise<ChangeRow[]>;
  /** Where every registered sensor is, to filter readings by part of the city. */
  sensorPlaces(): Promise<Map<string, SensorPlace>>;
  /** The position the feed has read up to: what this hub has sent or is about to. */
  feedPosition(): number;
  /** Called before a client is set up: the feed catches up with the log if it idled without clients. */
  beforeClient?(): Promise<void>;
  heartbeat(): Promise<{ lastIngestAt: number | null; counters: IngestCounters; storage: StorageState }>;
  onClientCount?(n: number): void;
  heartbeatIntervalMs?: number;
  /** A client with more than this waiting to be sent is dropped (default MAX_BUFFERED_BYTES). */
  maxBufferedBytes?: number;
  log: { warn(obj: unknown, msg: string): void };
}

export interface LiveRequest {
  /** The last seq the client holds (null: a fresh client, which gets a snapshot). */
  since: number | null;
  filter: LiveFilter;
}

const OPEN = 1;
/**
 * A client this far behind (a frozen tab, a dead network) is dropped rather than buffered forever. Its
 * snapshot, while on its way, does not count: a big city's snapshot is larger than this by itself (45,000
 * sensors make 17.7 MB), and counting it dropped every new client at the heartbeat sent right after it.
 */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** A snapshot message as sent, and its size in bytes (what the socket's buffer counts). */
interface SnapshotText {
  text: string;
  bytes: number;
}

interface Client {
  socket: LiveSocket;
  filter: LiveFilter;
  /** Incidents sent to a filtered client and still in its part of the city. */
  shown: Set<string>;
  /** Log rows read while the client is being set up (null once it is ready). */
  held: ChangeRow[] | null;
  /** The client holds everything up to here. */
  seq: number;
  /** Bytes of its snapshot not yet handed to the network (they are not a sign of a slow client). */
  snapshotBytes: number;
}

export class LiveHub {
  private readonly clients = new Map<LiveSocket, Client>();
  private places = new Map<string, SensorPlace>();
  private readonly timer: NodeJS.Timeout;
  private readonly snapshots: SharedSnapshots<Snapshot>;
  /** A shared snapshot's text for whole-city clients, and its size: serialised and counted once for all. */
  private readonly wholeCityTexts = new WeakMap<Snapshot, SnapshotText>();

  constructor(private readonly opts: LiveHubOptions) {
    this.timer = setInterval(() => void this.heartbeatNow(), opts.heartbeatIntervalMs ?? 5000);
    this.timer.unref();
    this.snapshots = new SharedSnapshots(() => opts.snapshot());
  }

  /** Loads where sensors are; call before the feed starts. */
  async start(): Promise<void> {
    this.places = await this.opts.sensorPlaces();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  async add(socket: LiveSocket, request: LiveRequest): Promise<void> {
    const client: Client = {
      socket,
      filter: request.filter,
      shown: new Set(),
      held: [],
      seq: 0,
      snapshotBytes: 0,
    };
    this.clients.set(socket, client);
    this.opts.onClientCount?.(this.clientCount);
    try {
      await this.opts.beforeClient?.();
      if (request.since !== null && (await this.canResume(request.since)))
        await this.resume(client, request.since);
      else await this.sendSnapshot(client);
      if (!this.clients.has(socket)) return; // closed meanwhile
      // A heartbeat right away tells a fresh wall screen how old the data is without waiting 5 s.
      this.sendTo(client, heartbeatMessage(client.seq, await this.opts.heartbeat()));
      // Only what its snapshot or catch-up does not already hold.
      const held = (client.held ?? []).filter((row) => row.seq > client.seq);
      client.held = null;
      if (held.length > 0) this.deliver(client, decodeChanges(held));
    } catch (err) {
      this.opts.log.warn({ err }, 'live snapshot failed; closing the socket so the client retries');
      this.remove(socket);
      socket.close(1011, 'snapshot failed');
    }
  }

  remove(socket: LiveSocket): void {
    if (this.clients.delete(socket)) this.opts.onClientCount?.(this.clientCount);
  }

  /** The feed read these rows (in seq order, each once). */
  publish(rows: readonly ChangeRow[]): void {
    if (rows.length === 0) return;
    const changes = decodeChanges(rows);
    for (const s of changes.sensors) this.places.set(s.sensorId, s);
    const shared = new Map<string, string[]>();
    for (const client of this.clients.values()) {
      if (client.held) client.held.push(...rows);
      else this.deliver(client, changes, shared);
    }
  }

  private async canResume(since: number): Promise<boolean> {
    const { oldest, newest } = await this.opts.bounds();
    if (!Number.isSafeInteger(since) || since < 0 || since > newest) return false;
    // Nothing after `since` may have been pruned: the oldest row left must be at most since + 1.
    return oldest === null ? since === newest : oldest <= since + 1;
  }

  private async resume(client: Client, since: number): Promise<void> {
    const upTo = this.opts.feedPosition();
    client.seq = since;
    this.sendTo(client, { v: LIVE_PROTOCOL_VERSION, type: 'resumed', at: Date.now(), seq: since });
    if (upTo > since) {
      const rows = await this.opts.changesBetween(since, upTo);
      if (rows.length > 0) this.deliver(client, decodeChanges(rows));
      client.seq = Math.max(client.seq, upTo);
    }
  }

  private async sendSnapshot(client: Client): Promise<void> {
    const snap = await this.snapshots.take();
    client.seq = snap.seq;
    const { text, bytes } = this.snapshotText(snap, client);
    client.snapshotBytes = bytes;
    this.sendRaw(client, text, () => {
      client.snapshotBytes = 0;
    });
  }

  /** The snapshot message for a client: its part of the city (whole-city clients share one text). */
  private snapshotText(snap: Snapshot, client: Client): SnapshotText {
    const { filter } = client;
    const whole = isWholeCity(filter);
    if (whole) {
      const shared = this.wholeCityTexts.get(snap);
      if (shared !== undefined) return shared;
    }
    const incidents = whole ? snap.incidents : snap.incidents.filter((v) => incidentMatches(filter, v));
    if (!whole) for (const v of incidents) client.shown.add(v.incidentId);
    const sensors = whole ? snap.sensors : snap.sensors.filter((s) => sensorMatches(filter, s));
    const text = JSON.stringify({
      v: LIVE_PROTOCOL_VERSION,
      type: 'snapshot',
      at: Date.now(),
      seq: snap.seq,
      incidents,
      sensors,
    } satisfies LiveMessage);
    const made = { text, bytes: Buffer.byteLength(text) };
    if (whole) this.wholeCityTexts.set(snap, made);
    return made;
  }

  /** Sends a client what concerns it of some changes it does not hold yet. */
  private deliver(client: Client, changes: DecodedChanges, shared?: Map<string, string[]>): void {
    if (changes.seq <= client.seq) return;
    const previousSeq = client.seq;
    client.seq = changes.seq;
    const whole = isWholeCity(client.filter);
    // NOTE: whole-city clients with the same readings choice (and position) get the same bytes: serialise once.
    const key = whole ? `whole:${client.filter.readings}:${previousSeq}` : null;
    let texts = key ? shared?.get(key) : undefined;
    if (texts === undefined) {
      const part = changesFor(changes, client.filter, client.shown, this.places);
      if (!part) return;
      texts = changesMessages(changes.seq, previousSeq, part).map((m) => JSON.stringify(m));
      if (key) shared?.set(key, texts);
    }
    for (const text of texts) this.sendRaw(client, text);
  }

  /** Sends a heartbeat now (e.g. when storage starts or stops failing) instead of at the next tick. */
  async heartbeatNow(): Promise<void> {
    if (this.clients.size === 0) return;
    try {
      const beat = await this.opts.heartbeat();
      for (const client of this.clients.values())
        if (!client.held) this.sendTo(client, heartbeatMessage(client.seq, beat));
    } catch (err) {
      this.opts.log.warn({ err }, 'could not read the heartbeat figures');
    }
  }

  private sendTo(client: Client, message: LiveMessage): void {
    this.sendRaw(client, JSON.stringify(message));
  }

  private sendRaw(client: Client, text: string, sent?: () => void): void {
    const { socket } = client;
    if (socket.readyState !== OPEN) return;
    const limit = (this.opts.maxBufferedBytes ?? MAX_BUFFERED_BYTES) + client.snapshotBytes;
    if (socket.bufferedAmount > limit) {
      this.remove(socket);
      socket.close(1013, 'client too slow');
      return;
    }
    socket.send(text, sent);
  }

  close(): void {
    clearInterval(this.timer);
    for (const socket of this.clients.keys()) socket.close(1001, 'server shutting down');
    this.clients.clear();
  }
}

/** NOTE: a heartbeat's seq is the client's position: it holds every change up to it. */
function heartbeatMessage(seq: number, beat: Awaited<ReturnType<LiveHubOptions['heartbeat']>>): LiveMessage {
  return { v: LIVE_PROTOCOL_VERSION, type: 'heartbeat', at: Date.now(), seq, ...beat };
}
