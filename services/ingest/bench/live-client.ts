/**
 * A `/api/v1/live` client that measures instead of drawing: when each incident first reaches it (against
 * the send time the bench publisher put in the title) and how old readings are when they arrive.
 *
 * NOTE: written for protocol v1 and the coming v2 (every message gains a `seq`, `v` becomes 2): any `v`
 * of 1 or 2 is accepted, unknown fields and unknown message types are ignored.
 */
import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import WebSocket from 'ws';

interface LiveEnvelope {
  v?: unknown;
  type?: unknown;
  incidents?: { incidentId?: unknown; title?: unknown }[];
  readings?: { sensorId?: unknown; lastSeen?: unknown; values?: Record<string, { ts?: unknown }> }[];
}

export interface LiveSamples {
  /** incidentId → ms from its send to its first `incidents` delta on this socket. */
  incidentMs: Map<string, number>;
  /**
   * now − reading ts at arrival, one sample per metric value of a `readings` delta: written by `recordAge`,
   * read with `agePercentile`. A histogram, not an array of every sample:
   * 20 clients' arrays of ~300,000 ages grew all at once (each push past capacity copies the array) and stalled
   * this process for up to ~230 ms, which the incidents arriving then counted as the service's latency.
   */
  readingAges: RecordableHistogram;
  /** Messages with a version we do not know (should stay 0). */
  unknownVersion: number;
  closed: boolean;
}

const SENT = /bench sent=(\d+)/;

/** Records an age in ms as ms + 1: the histogram takes integers from 1 (`agePercentile` subtracts it). */
function recordAge(histogram: RecordableHistogram, ms: number): void {
  histogram.record(Math.max(0, ms) + 1);
}

/** The p-th percentile (0..100) of reading ages in ms, from histograms written by `recordAge`. */
export function agePercentile(histograms: readonly RecordableHistogram[], p: number): number {
  const all = createHistogram();
  for (const h of histograms) all.add(h);
  return all.count === 0 ? Number.NaN : all.percentile(p) - 1;
}

export class LiveClient {
  readonly samples: LiveSamples = {
    incidentMs: new Map(),
    readingAges: createHistogram(),
    unknownVersion: 0,
    closed: false,
  };
  /** Only while true are samples kept (after warm-up, before the end). */
  recording = false;
  private readonly socket: WebSocket;
  readonly ready: Promise<void>;

  /** @param adminToken sent as `Authorization: Bearer`: the live socket refuses clients without credentials. */
  constructor(url: string, adminToken: string) {
    this.socket = new WebSocket(url, { headers: { authorization: `Bearer ${adminToken}` } });
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('error', reject);
      this.socket.on('message', (data) => {
        const msg = this.parse(String(data));
        if (msg?.type === 'snapshot') resolve();
        if (msg) this.observe(msg, Date.now());
      });
    });
    this.socket.on('close', () => {
      this.samples.closed = true;
    });
  }

  private parse(text: string): LiveEnvelope | null {
    try {
      const msg = JSON.parse(text) as LiveEnvelope;
      if (msg.v !== 1 && msg.v !== 2) {
        this.samples.unknownVersion++;
        return null;
      }
      return msg;
    } catch {
      return null;
    }
  }

  private observe(msg: LiveEnvelope, now: number): void {
    if (!this.recording) return;
    // Protocol v2 sends one `changes` message holding incidents and readings; v1 sent them apart.
    const changes = msg.type === 'changes';
    if ((changes || msg.type === 'incidents') && Array.isArray(msg.incidents)) {
      for (const incident of msg.incidents) {
        const sent = SENT.exec(String(incident.title ?? ''));
        const id = String(incident.incidentId);
        if (sent && !this.samples.incidentMs.has(id)) this.samples.incidentMs.set(id, now - Number(sent[1]));
      }
    }
    if ((changes || msg.type === 'readings') && Array.isArray(msg.readings)) {
      for (const r of msg.readings)
        for (const value of Object.values(r.values ?? {}))
          if (typeof value?.ts === 'number') recordAge(this.samples.readingAges, now - value.ts);
    }
  }

  close(): void {
    this.socket.close();
  }
}
