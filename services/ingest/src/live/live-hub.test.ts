import { type SensorView, WHOLE_CITY } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import type { ChangeRow } from '../db/change-log.js';
import { LiveHub, type LiveHubOptions, type LiveSocket } from './live-hub.js';

/**
 * A socket whose network takes what it is sent only when the test says so: `bufferedAmount` is what waits,
 * as in ws, and `flush()` hands it all to the network and calls the send callbacks.
 */
class SlowSocket implements LiveSocket {
  readyState = 1;
  readonly received: string[] = [];
  closedWith: number | null = null;
  private waiting: { bytes: number; sent?: (err?: Error) => void }[] = [];

  get bufferedAmount(): number {
    return this.waiting.reduce((sum, w) => sum + w.bytes, 0);
  }

  send(data: string, sent?: (err?: Error) => void): void {
    this.received.push(data);
    this.waiting.push({ bytes: Buffer.byteLength(data), sent });
  }

  flush(): void {
    const done = this.waiting;
    this.waiting = [];
    for (const w of done) w.sent?.();
  }

  close(code?: number): void {
    this.closedWith = code ?? 1000;
    this.readyState = 3;
  }

  types(): string[] {
    return this.received.map((text) => (JSON.parse(text) as { type: string }).type);
  }
}

const LIMIT = 10_000;

function sensors(n: number): SensorView[] {
  return Array.from(
    { length: n },
    (_, i) =>
      ({
        sensorId: `sensor-${i}`,
        department: 'environment',
        kind: 'air',
        lat: 37.7,
        lon: -122.4,
        status: 'online',
        lastSeen: 1,
        latest: { pm25: { value: i, ts: 1 } },
      }) as unknown as SensorView,
  );
}

/** Heartbeat figures for a hub under test, and no heartbeat of its own during a test. */
const QUIET_HEARTBEAT = {
  heartbeat: async () =>
    ({
      lastIngestAt: null,
      counters: { received: 0, stored: 0, duplicates: 0, rejected: 0 },
      storage: { ok: true },
    }) as unknown as Awaited<ReturnType<LiveHubOptions['heartbeat']>>,
  heartbeatIntervalMs: 3_600_000,
};

/** A hub over a fake store whose snapshot holds `snapshotSensors` sensors; `publishNext` feeds it one change. */
function hub(snapshotSensors: number): { h: LiveHub; publishNext(): void } {
  let seq = 5;
  const h = new LiveHub({
    snapshot: async () => ({ seq, incidents: [], sensors: sensors(snapshotSensors) }),
    bounds: async () => ({ oldest: 1, newest: seq }),
    changesBetween: async () => [],
    sensorPlaces: async () => new Map(),
    feedPosition: () => seq,
    ...QUIET_HEARTBEAT,
    maxBufferedBytes: LIMIT,
    log: { warn: () => {} },
  });
  // Each change: readings of 50 sensors, ~2 kB of text per message.
  const publishNext = () => {
    seq += 1;
    const ids = Array.from({ length: 50 }, (_, i) => `sensor-${i}`);
    const row: ChangeRow = {
      seq,
      kind: 'readings',
      body: {
        sensorIds: ids,
        metrics: ids.map(() => 'pm25'),
        ts: ids.map(() => seq),
        values: ids.map(() => seq),
      },
    };
    h.publish([row]);
  };
  return { h, publishNext };
}

describe('LiveHub and slow clients', () => {
  it('keeps a client whose snapshot alone is larger than the limit, and sends what follows it', async () => {
    const { h, publishNext } = hub(400); // a snapshot of ~60 kB against a 10 kB limit
    const socket = new SlowSocket();
    await h.add(socket, { since: null, filter: WHOLE_CITY });
    expect(socket.received[0]?.length).toBeGreaterThan(LIMIT * 3);
    publishNext();
    expect(socket.closedWith).toBeNull();
    expect(socket.types()).toEqual(['snapshot', 'heartbeat', 'changes']);
    expect(h.clientCount).toBe(1);
    h.close();
  });

  it('drops a client that falls behind by more than the limit once its snapshot has gone out', async () => {
    const { h, publishNext } = hub(400);
    const socket = new SlowSocket();
    await h.add(socket, { since: null, filter: WHOLE_CITY });
    socket.flush(); // the snapshot reached the network; from now on the client reads nothing
    let published = 0;
    while (socket.closedWith === null && published < 100) {
      publishNext();
      published++;
    }
    expect(socket.closedWith).toBe(1013);
    expect(h.clientCount).toBe(0);
    // Dropped once more than the limit waited, not before: the bytes sent before the drop exceed it.
    const waiting = socket.received.slice(2).reduce((sum, text) => sum + Buffer.byteLength(text), 0);
    expect(waiting).toBeGreaterThan(LIMIT);
    expect(waiting).toBeLessThan(LIMIT + 5_000);
    h.close();
  });

  it('drops a client that reads nothing at all once changes pile up past its snapshot and the limit', async () => {
    const { h, publishNext } = hub(400);
    const socket = new SlowSocket();
    await h.add(socket, { since: null, filter: WHOLE_CITY });
    const snapshotBytes = Buffer.byteLength(socket.received[0] ?? '');
    let published = 0;
    while (socket.closedWith === null && published < 1000) {
      publishNext();
      published++;
    }
    expect(socket.closedWith).toBe(1013);
    expect(socket.bufferedAmount).toBeGreaterThan(snapshotBytes + LIMIT);
    h.close();
  });
});

describe('LiveHub and clients that come together', () => {
  /** A hub whose snapshots the test ends by hand, over a store at `store.seq`. */
  function slowSnapshots() {
    const store = { seq: 5, reads: 0 };
    const pending: (() => void)[] = [];
    const h = new LiveHub({
      snapshot: () => {
        store.reads++;
        // As a repeatable-read transaction: the state when the read starts, answered when the test says.
        const seq = store.seq;
        return new Promise((resolve) => {
          pending.push(() => resolve({ seq, incidents: [], sensors: sensors(3) }));
        });
      },
      bounds: async () => ({ oldest: 1, newest: store.seq }),
      changesBetween: async () => [],
      sensorPlaces: async () => new Map(),
      feedPosition: () => store.seq,
      ...QUIET_HEARTBEAT,
      log: { warn: () => {} },
    });
    const publish = () => {
      store.seq += 1;
      const row: ChangeRow = {
        seq: store.seq,
        kind: 'readings',
        body: { sensorIds: ['sensor-0'], metrics: ['pm25'], ts: [store.seq], values: [store.seq] },
      };
      h.publish([row]);
    };
    const endRead = async () => {
      await new Promise((r) => setTimeout(r, 0));
      pending.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    };
    return { h, store, publish, endRead };
  }

  const seqs = (socket: SlowSocket) =>
    socket.received.map((text) => {
      const m = JSON.parse(text) as { type: string; seq: number };
      return `${m.type}@${m.seq}`;
    });

  it('twenty clients that come at once read the store twice, not twenty times, and share the text', async () => {
    const { h, store, endRead } = slowSnapshots();
    const sockets = Array.from({ length: 20 }, () => new SlowSocket());
    const added = sockets.map((socket) => h.add(socket, { since: null, filter: WHOLE_CITY }));
    // The first client's read starts at once; the nineteen that come during it share the next.
    await endRead();
    await endRead();
    await Promise.all(added);
    expect(store.reads).toBe(2);
    for (const socket of sockets) expect(seqs(socket)).toEqual(['snapshot@5', 'heartbeat@5']);
    expect(new Set(sockets.slice(1).map((socket) => socket.received[0])).size).toBe(1);
    h.close();
  });

  it('a client that comes while a read is on its way gets a later one and misses no change', async () => {
    const { h, store, publish, endRead } = slowSnapshots();
    const early = new SlowSocket();
    const earlyAdded = h.add(early, { since: null, filter: WHOLE_CITY });
    await new Promise((r) => setTimeout(r, 0)); // the early client's read starts: the store at 5
    publish(); // seq 6: not in that read; held for the early client; published before the late one came
    const late = new SlowSocket();
    const lateAdded = h.add(late, { since: null, filter: WHOLE_CITY });
    await endRead();
    await earlyAdded;
    // The late client's read started as the early one's ended: the store at 6.
    publish(); // seq 7: held for the late client
    await endRead();
    await lateAdded;
    expect(store.reads).toBe(2);
    expect(seqs(early)).toEqual(['snapshot@5', 'heartbeat@5', 'changes@6', 'changes@7']);
    // Given the early read (at 5), it would never have had change 6.
    expect(seqs(late)).toEqual(['snapshot@6', 'heartbeat@6', 'changes@7']);
    h.close();
  });
});
