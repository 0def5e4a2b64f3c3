/**
 * Accounting of every message (BRIEF.md: "nothing lost silently"). Exposed on /metrics (Prometheus) and in
 * the live heartbeat. Every received message ends up stored, or rejected with a dead-letter row.
 */
import { Counter, Gauge, Registry } from 'prom-client';

export function createIngestMetrics() {
  const registry = new Registry();
  const make = (name: string, help: string, labelNames: string[] = []) =>
    new Counter({ name, help, labelNames, registers: [registry] });
  return {
    registry,
    messagesReceived: make('twin_messages_received_total', 'MQTT messages received', ['kind']),
    messagesRejected: make('twin_messages_rejected_total', 'Messages (or parts of them) dead-lettered'),
    readingsStored: make('twin_readings_stored_total', 'Sensor readings (one per metric value) stored'),
    readingsDuplicate: make('twin_readings_duplicate_total', 'Readings already stored (idempotent replays)'),
    incidentEventsStored: make('twin_incident_events_stored_total', 'Incident events stored'),
    incidentEventsDuplicate: make('twin_incident_events_duplicate_total', 'Incident events already stored'),
    seqGaps: make('twin_sequence_gaps_total', 'Readings missing according to per-sensor seq counters'),
    batchesCommitted: make('twin_batches_committed_total', 'Batches committed to the database'),
    batchFailures: make('twin_batch_failures_total', 'Batch commits that failed and were retried'),
    queueDepth: new Gauge({
      name: 'twin_ingest_queue_records',
      help: 'Records waiting to be written',
      registers: [registry],
    }),
    liveClients: new Gauge({
      name: 'twin_live_clients',
      help: 'Connected live WebSocket clients',
      registers: [registry],
    }),
  };
}

export type IngestMetrics = ReturnType<typeof createIngestMetrics>;

export async function counterValue(counter: Counter): Promise<number> {
  const { values } = await counter.get();
  return values.reduce((sum, v) => sum + v.value, 0);
}
