/**
 * Publishes the real calls as history (call-history.ts) over MQTT, as any feed would: the store gets them
 * through its ordinary ingest path, with their own 2020 times. Idempotent: fixed event ids, so a second import
 * stores nothing new (the writer drops repeated events).
 */

import { callHistoryEvents } from './call-history.js';
import type { SimDepartment } from './city-departments.js';
import { fireCallsFromCsv } from './fire-calls.js';
import { incidentMessage, type WireIncidentEvent } from './messages.js';
import { connectPublisher, type Logger } from './publisher.js';

export interface HistoryImportOptions {
  mqttUrl: string;
  username?: string;
  password?: string;
  topicRoot: string;
  /** The fire-calls CSV (fire-calls.ts's columns). */
  csv: string;
  /** The city's time zone: the CSV's times are its local times. */
  timeZone: string;
  departments?: readonly SimDepartment[];
  logger?: Logger;
  /**
   * Asked before publishing, with the incident id of the last call: true = an earlier import got that far
   * (the store has it), so nothing is published. The demo imports once, on its first start.
   */
  alreadyImported?: (lastIncidentId: string) => Promise<boolean>;
  /** Stop early (the service is shutting down): checked between batches. */
  shouldStop?: () => boolean;
}

export interface HistoryImportResult {
  calls: number;
  events: number;
  /** Incident id of the last call published (a caller can tell whether an import finished). */
  lastIncidentId: string | null;
  stopped: boolean;
}

/** Calls per round of messages: one message per department per round, so a round is a few messages. */
const CALLS_PER_ROUND = 100;
/** Rounds published before waiting for the broker's acknowledgements. */
const MAX_IN_FLIGHT = 40;

export async function importCallHistory(options: HistoryImportOptions): Promise<HistoryImportResult> {
  const logger = options.logger ?? { info: () => {}, warn: () => {} };
  const built = fireCallsFromCsv(options.csv).flatMap((call) => {
    const h = callHistoryEvents(call, { timeZone: options.timeZone, departments: options.departments });
    return h ? [h] : [];
  });
  const last = built[built.length - 1]?.incidentId ?? null;
  if (last === null || (await options.alreadyImported?.(last)))
    return { calls: 0, events: 0, lastIncidentId: null, stopped: false };
  const publisher = await connectPublisher({
    url: options.mqttUrl,
    clientId: `twin-history-${Date.now().toString(36)}`,
    username: options.username,
    password: options.password,
    connectTimeoutMs: 10_000,
    logger,
  });
  const result: HistoryImportResult = { calls: 0, events: 0, lastIncidentId: null, stopped: false };
  try {
    for (let start = 0; start < built.length; start += CALLS_PER_ROUND) {
      if (options.shouldStop?.()) {
        result.stopped = true;
        break;
      }
      const round = built.slice(start, start + CALLS_PER_ROUND);
      const byDepartment = new Map<string, WireIncidentEvent[]>();
      for (const h of round)
        for (const [department, events] of h.byDepartment) {
          const list = byDepartment.get(department) ?? [];
          list.push(...events);
          byDepartment.set(department, list);
        }
      for (const [department, events] of byDepartment)
        void publisher.publish(incidentMessage(options.topicRoot, department, events));
      while (publisher.inFlight() > MAX_IN_FLIGHT) await new Promise((r) => setTimeout(r, 20));
      result.calls += round.length;
      result.events += round.reduce((n, h) => n + h.count, 0);
      result.lastIncidentId = round[round.length - 1]!.incidentId;
    }
  } finally {
    await publisher.end(30_000);
  }
  if (publisher.counters.failed > 0)
    throw new Error(
      `history import: ${publisher.counters.failed} messages were not acknowledged by the broker`,
    );
  return result;
}
