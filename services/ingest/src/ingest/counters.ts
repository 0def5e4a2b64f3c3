/**
 * Accounting of every message (BRIEF.md: "nothing lost silently"). Exposed on /metrics (Prometheus) and in
 * the live heartbeat. Per MQTT message: received = stored + duplicate + rejected + pending, where a
 * rejected message has a dead-letter row with every reason. Record-level counters (readings, events) say
 * how much was stored.
 */
import type { IngestCounters } from '@twin/domain';
import { Counter, Gauge, Registry } from 'prom-client';
import type { StoredTotals } from '../db/change-log.js';
import type { StoreGauges } from '../db/store-gauges.js';

/**
 * How old the store's gauges may be when scraped. NOTE: a scraper polling every few milliseconds (the
 * benchmarks do) must not turn into a stream of reads competing with the writer for the embedded engine's
 * one connection: the store is read at most once per this interval, whatever the scrape rate.
 */
export const STORE_GAUGES_MAX_AGE_MS = 1_000;

/** Reads the gauges from the store (every instance reports the same); rejects during an outage. */
export type StoreGaugeReader = () => Promise<StoreGauges>;

/** At most one read per STORE_GAUGES_MAX_AGE_MS and one in flight; an outage keeps the last values. */
function cachedStoreGauges(read: StoreGaugeReader | null): () => Promise<StoreGauges | null> {
  let last: StoreGauges | null = null;
  let readAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<StoreGauges | null> | null = null;
  return () => {
    if (!read || Date.now() - readAt < STORE_GAUGES_MAX_AGE_MS) return Promise.resolve(last);
    inFlight ??= read()
      .then(
        (values) => {
          last = values;
          return values;
        },
        () => last,
      )
      .finally(() => {
        readAt = Date.now();
        inFlight = null;
      });
    return inFlight;
  };
}

/** Messages received and not yet committed, and the memory they hold. */
export interface PendingLoad {
  messages: number;
  bytes: number;
}

export function createIngestMetrics(readStore: StoreGaugeReader | null = null) {
  const registry = new Registry();
  const storeGauges = cachedStoreGauges(readStore);
  const storeGauge = (name: string, help: string, pick: (g: StoreGauges) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const values = await storeGauges();
        if (values) this.set(pick(values));
      },
    });
  const counter = (name: string, help: string, labelNames: string[] = []) =>
    new Counter({ name, help, labelNames, registers: [registry] });
  const gauge = (name: string, help: string) => new Gauge({ name, help, registers: [registry] });
  // NOTE: what changes with every message is kept in plain numbers and handed to prom-client when read
  // (scrape, get()): its inc() hashes and checks the labels, and a gauge's set() allocates, on every call —
  // a few per cent of the service's time at tens of thousands of messages a second.
  const receivedSinceRead = new Map<string, number>();
  let readPending: () => PendingLoad = () => ({ messages: 0, bytes: 0 });
  const pendingGauge = (name: string, help: string, pick: (p: PendingLoad) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(pick(readPending()));
      },
    });
  const placedOutsideCity = counter(
    'twin_placed_outside_city_total',
    'Sensor registrations and incident events stored with a position in no district of the city (kept, flagged outsideCity)',
    ['kind'],
  );
  // Both series from the start, so a dashboard sees 0 rather than nothing.
  for (const kind of ['sensor', 'incident']) placedOutsideCity.inc({ kind }, 0);
  return {
    registry,
    messagesReceived: new Counter({
      name: 'twin_messages_received_total',
      help: 'MQTT messages received',
      labelNames: ['kind'],
      registers: [registry],
      collect() {
        for (const [kind, n] of receivedSinceRead) if (n > 0) this.inc({ kind }, n);
        receivedSinceRead.clear();
      },
    }),
    /** Counts one message received, by its topic's kind (twin_messages_received_total). */
    countReceived(kind: string): void {
      receivedSinceRead.set(kind, (receivedSinceRead.get(kind) ?? 0) + 1);
    },
    /** Where the pending gauges read the messages and bytes waiting for their commit (the batch writer). */
    readPendingFrom(read: () => PendingLoad): void {
      readPending = read;
    },
    messagesStored: counter('twin_messages_stored_total', 'Messages committed with something new in them'),
    messagesDuplicate: counter(
      'twin_messages_duplicate_total',
      'Messages whose every part was already stored',
    ),
    messagesRejected: counter(
      'twin_messages_rejected_total',
      'Messages dead-lettered, wholly or in part (their good parts are stored)',
    ),
    messagesPending: pendingGauge(
      'twin_messages_pending',
      'Messages received and not yet committed nor acknowledged',
      (p) => p.messages,
    ),
    pendingBytes: pendingGauge(
      'twin_ingest_pending_bytes',
      'Estimated memory of messages waiting for their commit',
      (p) => p.bytes,
    ),
    deadLettersStored: counter('twin_dead_letters_stored_total', 'Dead-letter rows written'),
    readingsStored: counter('twin_readings_stored_total', 'Sensor readings (one per metric value) stored'),
    readingsDuplicate: counter(
      'twin_readings_duplicate_total',
      'Readings already stored (idempotent replays)',
    ),
    incidentEventsStored: counter('twin_incident_events_stored_total', 'Incident events stored'),
    incidentEventsDuplicate: counter(
      'twin_incident_events_duplicate_total',
      'Incident events already stored',
    ),
    seqGaps: counter('twin_sequence_gaps_total', 'Readings missing according to per-sensor seq counters'),
    seqResets: counter(
      'twin_sequence_resets_total',
      'Per-sensor seq counters that restarted or jumped too far to count as losses',
    ),
    incidentsRefolded: counter(
      'twin_incidents_refolded_total',
      'Incidents folded from their whole history (a late event, or a state made by older fold rules)',
    ),
    batchesCommitted: counter('twin_batches_committed_total', 'Transactions committed by the writer'),
    batchFailures: counter('twin_batch_failures_total', 'Transactions that failed and were retried or split'),
    storageUp: gauge('twin_storage_up', '1 while the database stores what is received, 0 during an outage'),
    storageOutages: counter('twin_storage_outages_total', 'Times storing started failing'),
    mqttRefused: counter(
      'twin_mqtt_refused_total',
      'Connections, publishes and subscriptions the embedded broker refused',
      ['what'],
    ),
    liveClients: gauge('twin_live_clients', 'Connected live WebSocket clients'),
    placedOutsideCity,
    openIncidentsOutsideCity: storeGauge(
      'twin_open_incidents_outside_city',
      'Open incidents whose position is in no district of the city (read from the store: every instance agrees)',
      (g) => g.openIncidentsOutsideCity,
    ),
    incidentsAwaitingReport: storeGauge(
      'twin_incidents_awaiting_report',
      'Incidents whose reported event has not arrived yet (other events came first), from the store',
      (g) => g.incidentsAwaitingReport,
    ),
  };
}

export type IngestMetrics = ReturnType<typeof createIngestMetrics>;

export async function counterValue(counter: Counter | Gauge): Promise<number> {
  const { values } = await counter.get();
  return values.reduce((sum, v) => sum + v.value, 0);
}

/**
 * The message-level accounting the wall shows: what every instance committed (from the store) plus what
 * this instance holds uncommitted. NOTE: other instances' uncommitted messages are not in `pending` (they
 * are in their own /metrics); they settle within a flush interval.
 */
export async function ingestCounters(m: IngestMetrics, totals: StoredTotals): Promise<IngestCounters> {
  const pending = await counterValue(m.messagesPending);
  return {
    received: totals.messagesStored + totals.messagesDuplicate + totals.messagesRejected + pending,
    stored: totals.messagesStored,
    duplicates: totals.messagesDuplicate,
    rejected: totals.messagesRejected,
    pending,
    readingsStored: totals.readingsStored,
    seqGaps: Math.max(0, totals.seqGaps),
  };
}
