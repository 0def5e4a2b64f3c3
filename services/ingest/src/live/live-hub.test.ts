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

/**
 * A hub over a fake store at `store.seq`; `publish(n)` commits and feeds it one change (readings of n
 * sensors, ~40 bytes each). Reads are answered at once, or, with `handEndedReads`, when the test calls
 * `endRead()` — with the state as it was when the read started, as a repeatable-read transaction.
 */
function fakeHub(options: { snapshotSensors: number; maxBufferedBytes?: number; handEndedReads?: boolean }) {
  const store = { seq: 5, reads: 0 };
  const pending: (() => void)[] = [];
  const h = new LiveHub({
    snapshot: () => {
      store.reads++;
      const snap = { seq: store.seq, incidents: [], sensors: sensors(options.snapshotSensors) };
      if (!options.handEndedReads) return Promise.resolve(snap);
      return new Promise((resolve) => pending.push(() => resolve(snap)));
    },
    bounds: async () => ({ oldest: 1, newest: store.seq }),
    changesBetween: async () => [],
    sensorPlaces: async () => new Map(),
    feedPosition: () => store.seq,
    heartbeat: async () =>
      ({
        lastIngestAt: null,
        counters: { received: 0, stored: 0, duplicates: 0, rejected: 0 },
        storage: { ok: true },
      }) as unknown as Awaited<ReturnType<LiveHubOptions['heartbeat']>>,
    heartbeatIntervalMs: 3_600_000,
    ...(options.maxBufferedBytes === undefined ? {} : { maxBufferedBytes: options.maxBufferedBytes }),
    log: { warn: () => {} },
  });
  const publish = (sensorCount: number) => {
    store.seq += 1;
    const ids = Array.from({ length: sensorCount }, (_, i) => `sensor-${i}`);
    const row: ChangeRow = {
      seq: store.seq,
      kind: 'readings',
      body: {
        sensorIds: ids,
        metrics: ids.map(() => 'pm25'),
        ts: ids.map(() => store.seq),
        values: ids.map(() => store.seq),
      },
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

/** What a socket was sent, as `type@seq`. */
const seqs = (socket: SlowSocket) =>
  socket.received.map((text) => {
    const m = JSON.parse(text) as { type: string; seq: number };
    return `${m.type}@${m.seq}`;
  });

describe('LiveHub and slow clients', () => {
  it('keeps a client whose snapshot alone is larger than the limit, and sends what follows it', async () => {
    // A snapshot of ~60 kB against a 10 kB limit; each change ~2 kB.
    const { h, publish } = fakeHub({ snapshotSensors: 400, maxBufferedBytes: LIMIT });
    const socket = new SlowSocket();
    await h.add(socket, { since: null, filter: WHOLE_CITY });
    expect(socket.received[0]?.length).toBeGreaterThan(LIMIT * 3);
    publish(50);
    expect(socket.closedWith).toBeNull();
    expect(seqs(socket)).toEqual(['snapshot@5', 'heartbeat@5', 'changes@6']);
    expect(h.clientCount).toBe(1);
    h.close();
  });

  it('drops a client that falls behind by more than the limit once its snapshot has gone out', async () => {
    const { h, publish } = fakeHub({ snapshotSensors: 400, maxBufferedBytes: LIMIT });
    const socket = new SlowSocket();
    await h.add(socket, { since: null, filter: WHOLE_CITY });
    socket.flush(); // the snapshot reached the network; from now on the client reads nothing
    let published = 0;
    while (socket.closedWith === null && published < 100) {
      publish(50);
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
    const { h, publish } = fakeHub({ snapshotSensors: 400, maxBufferedBytes: LIMIT });
    const socket = new SlowSocket();
    await h.add(socket, { since: null, filter: WHOLE_CITY });
    const snapshotBytes = Buffer.byteLength(socket.received[0] ?? '');
    let published = 0;
    while (socket.closedWith === null && published < 1000) {
      publish(50);
      published++;
    }
    expect(socket.closedWith).toBe(1013);
    expect(socket.bufferedAmount).toBeGreaterThan(snapshotBytes + LIMIT);
    h.close();
  });
});

describe('LiveHub and clients that come together', () => {
  it('twenty clients that come at once read the store twice, not twenty times, and share the text', async () => {
    const { h, store, endRead } = fakeHub({ snapshotSensors: 3, handEndedReads: true });
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
    const { h, store, publish, endRead } = fakeHub({ snapshotSensors: 3, handEndedReads: true });
    const early = new SlowSocket();
    const earlyAdded = h.add(early, { since: null, filter: WHOLE_CITY });
    await new Promise((r) => setTimeout(r, 0)); // the early client's read starts: the store at 5
    publish(1); // seq 6: not in that read; held for the early client; published before the late one came
    const late = new SlowSocket();
    const lateAdded = h.add(late, { since: null, filter: WHOLE_CITY });
    await endRead();
    await earlyAdded;
    // The late client's read started as the early one's ended: the store at 6.
    publish(1); // seq 7: held for the late client
    await endRead();
    await lateAdded;
    expect(store.reads).toBe(2);
    expect(seqs(early)).toEqual(['snapshot@5', 'heartbeat@5', 'changes@6', 'changes@7']);
    // Given the early read (at 5), it would never have had change 6.
    expect(seqs(late)).toEqual(['snapshot@6', 'heartbeat@6', 'changes@7']);
    h.close();
  });
});
