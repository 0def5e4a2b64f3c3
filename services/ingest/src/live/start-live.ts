/**
 * The live side of an instance: the change feed tailing the store and the hub fanning it out to WebSocket
 * clients. Nothing here listens to the writer's data: an instance that ingests nothing (INSTANCE_ROLE=api)
 * shows every change all the same.
 */

import type pg from 'pg';
import { type ChangeRow, logBounds, readChanges, readTotals } from '../db/change-log.js';
import { liveSnapshot, sensorPlaces } from '../db/queries.js';
import type { BatchWriter } from '../ingest/batch-writer.js';
import { type IngestMetrics, ingestCounters } from '../ingest/counters.js';
import { ChangeFeed } from './change-feed.js';
import { LiveHub } from './live-hub.js';

export interface LiveOptions {
  pool: pg.Pool;
  /** For LISTEN/NOTIFY; null on the embedded engine (one connection, so: polling and own-commit hints). */
  listenUrl: string | null;
  pollIntervalMs: number;
  writer: BatchWriter;
  metrics: IngestMetrics;
  log: { warn(obj: unknown, msg: string): void; info(obj: unknown, msg: string): void };
}

export interface Live {
  hub: LiveHub;
  feed: ChangeFeed;
  close(): Promise<void>;
}

const CATCH_UP_PAGE = 10_000;

export async function startLive(opts: LiveOptions): Promise<Live> {
  const { pool, writer, metrics, log } = opts;
  const feed = new ChangeFeed({
    pool,
    listenUrl: opts.listenUrl,
    pollIntervalMs: opts.pollIntervalMs,
    // No client on this instance: nothing to read the log for (`hub` exists before the feed starts).
    idle: () => hub.clientCount === 0,
    log,
  });
  const hub: LiveHub = new LiveHub({
    // After an idle spell the feed jumps to the log's end, and sensors registered meanwhile are learnt.
    beforeClient: async () => {
      if (!feed.stale) return;
      await feed.resync();
      await hub.start();
    },
    snapshot: () => liveSnapshot(pool, Date.now()),
    bounds: () => logBounds(pool),
    changesBetween: async (after, upTo) => {
      const rows: ChangeRow[] = [];
      for (let from = after; from < upTo; ) {
        const page = (await readChanges(pool, from, CATCH_UP_PAGE)).filter((r) => r.seq <= upTo);
        if (page.length === 0) break;
        rows.push(...page);
        from = page[page.length - 1]!.seq;
      }
      return rows;
    },
    sensorPlaces: () => sensorPlaces(pool),
    feedPosition: () => feed.position,
    heartbeat: async () => {
      const totals = await readTotals(pool);
      const storage =
        writer.storage.ok && feed.failing !== null
          ? { ok: false, reason: `reading the change log fails: ${feed.failing}`, since: null }
          : writer.storage;
      return { lastIngestAt: totals.lastIngestAt, counters: await ingestCounters(metrics, totals), storage };
    },
    onClientCount: (n) => metrics.liveClients.set(n),
    log,
  });
  await hub.start();
  feed.on('changes', (rows) => hub.publish(rows));
  await feed.start();
  // Own commits wake the feed at once (the data still comes from the log).
  const onCommit = (c: { lastSeq: number | null }) => {
    if (c.lastSeq !== null) feed.wake();
  };
  writer.on('committed', onCommit);
  const onStorage = () => void hub.heartbeatNow();
  writer.on('storage', onStorage);
  return {
    hub,
    feed,
    async close() {
      writer.off('committed', onCommit);
      writer.off('storage', onStorage);
      await feed.stop();
      hub.close();
    },
  };
}
