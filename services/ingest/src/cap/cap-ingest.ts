/**
 * Reads other agencies' CAP alerts (CAP_SOURCES: files, or http(s) URLs on the local network) every
 * CAP_POLL_S on the maintenance leader, and stores the valid ones in cap_warnings. A source that cannot be
 * read, a document that is not CAP, or an alert with a bad part is logged with the reason in plain words and
 * counted in twin_cap_ingest_total{outcome}; nothing here ever stops the service.
 */
import { readFile } from 'node:fs/promises';
import { type ParsedAlert, parseCapDocument } from '@twin/domain/cap';
import type { FastifyBaseLogger } from 'fastify';
import { Counter, type Registry } from 'prom-client';
import { storeWarning } from '../db/cap-warnings.js';
import type { Queryable } from '../db/pool.js';

/** What became of each alert (or source): stored, already stored, refused, or not read at all. */
export const CAP_INGEST_OUTCOMES = ['stored', 'unchanged', 'invalid', 'unreachable', 'failed'] as const;
export type CapIngestOutcome = (typeof CAP_INGEST_OUTCOMES)[number];

const FETCH_TIMEOUT_MS = 10_000;
const MAX_BYTES = 5 * 1024 * 1024;
/** Linked alerts followed per feed and round: a feed of links is read over several rounds if longer. */
const MAX_LINKS = 200;

export type RoundCounts = Record<CapIngestOutcome, number>;

export interface CapIngest {
  /** Reads every source once (whether or not this instance leads); the counts of this round. */
  pollOnce(): Promise<RoundCounts>;
  /** Stops the timer and waits for a round in flight. */
  stop(): Promise<void>;
}

export interface CapIngestOptions {
  sources: string[];
  pollS: number;
  isLeader: () => boolean;
  registry: Registry;
}

const isUrl = (source: string) => /^https?:\/\//i.test(source);

/** The source's text, or the reason it could not be read. */
async function readSource(source: string): Promise<string | { error: string }> {
  try {
    if (!isUrl(source)) return await readFile(source, 'utf8');
    const res = await fetch(source, {
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      headers: { accept: 'application/cap+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5' },
    });
    if (!res.ok) return { error: `answered HTTP ${res.status}` };
    const body = await res.text();
    if (body.length > MAX_BYTES) return { error: `sent more than ${MAX_BYTES} bytes` };
    return body;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') return { error: 'no such file' };
    if (e.name === 'TimeoutError') return { error: `no answer within ${FETCH_TIMEOUT_MS / 1000} s` };
    return { error: e.message };
  }
}

export function startCapIngest(db: Queryable, log: FastifyBaseLogger, options: CapIngestOptions): CapIngest {
  const counter = new Counter({
    name: 'twin_cap_ingest_total',
    help: 'CAP alerts read from CAP_SOURCES, by outcome (stored, unchanged, invalid, unreachable, failed)',
    labelNames: ['outcome'],
    registers: [options.registry],
  });
  for (const outcome of CAP_INGEST_OUTCOMES) counter.inc({ outcome }, 0);

  async function storeAll(source: string, alerts: ParsedAlert[], counts: RoundCounts): Promise<void> {
    for (const alert of alerts) {
      if (!alert.ok) {
        counts.invalid++;
        log.warn({ source, identifier: alert.identifier, reason: alert.reason }, 'CAP alert refused');
        continue;
      }
      try {
        counts[(await storeWarning(db, source, alert.warning)) ? 'stored' : 'unchanged']++;
      } catch (err) {
        // NOTE: storage down is not the alert's fault: not counted invalid, read again next round.
        counts.failed++;
        log.warn(
          { source, identifier: alert.warning.identifier, err: (err as Error).message },
          'CAP alert not stored',
        );
      }
    }
  }

  async function readOne(source: string, counts: RoundCounts): Promise<void> {
    const text = await readSource(source);
    if (typeof text !== 'string') {
      counts.unreachable++;
      log.warn({ source, reason: text.error }, 'CAP source could not be read');
      return;
    }
    const doc = parseCapDocument(text);
    if (doc.problem) {
      counts.invalid++;
      log.warn({ source, reason: doc.problem }, 'CAP source refused');
      return;
    }
    await storeAll(source, doc.alerts, counts);
    // Entries that only link to their alert: followed when the feed came over http(s), relative to it.
    for (const href of doc.links.slice(0, MAX_LINKS)) {
      const target = isUrl(source) ? new URL(href, source).toString() : null;
      if (!target || !isUrl(target)) {
        counts.invalid++;
        log.warn({ source, href }, 'CAP feed entry links to an alert that is not http(s): not followed');
        continue;
      }
      const linked = await readSource(target);
      if (typeof linked !== 'string') {
        counts.unreachable++;
        log.warn({ source: target, reason: linked.error }, 'CAP alert could not be read');
        continue;
      }
      const one = parseCapDocument(linked);
      if (one.problem) {
        counts.invalid++;
        log.warn({ source: target, reason: one.problem }, 'CAP alert refused');
      } else await storeAll(source, one.alerts, counts);
    }
  }

  let running: Promise<RoundCounts> | null = null;
  async function round(): Promise<RoundCounts> {
    const counts: RoundCounts = { stored: 0, unchanged: 0, invalid: 0, unreachable: 0, failed: 0 };
    for (const source of options.sources) {
      try {
        await readOne(source, counts);
      } catch (err) {
        counts.failed++;
        log.warn({ source, err: (err as Error).message }, 'CAP source failed');
      }
    }
    for (const outcome of CAP_INGEST_OUTCOMES)
      if (counts[outcome] > 0) counter.inc({ outcome }, counts[outcome]);
    if (counts.stored > 0) log.info({ stored: counts.stored }, 'CAP warnings stored');
    return counts;
  }
  const pollOnce = () => {
    // NOTE: one round at a time; a caller arriving meanwhile waits for the running one and starts its own.
    const next = (running ?? Promise.resolve()).catch(() => {}).then(round);
    running = next;
    return next;
  };

  const timer =
    options.sources.length === 0
      ? null
      : setInterval(() => {
          if (options.isLeader()) void pollOnce();
        }, options.pollS * 1000);
  timer?.unref();
  if (options.sources.length > 0 && options.isLeader()) void pollOnce();
  return {
    pollOnce,
    async stop() {
      if (timer) clearInterval(timer);
      await running?.catch(() => {});
    },
  };
}
