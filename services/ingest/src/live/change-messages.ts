/**
 * Turns change-log rows into what one live client is sent: pure, so the filtering rules are unit-tested.
 * Readings rows hold the newest values of a batch column-wise; they are merged per sensor (newest value
 * wins) into ReadingDeltas.
 */
import {
  type DeadLetterNotice,
  type IncidentView,
  incidentMatches,
  isWholeCity,
  LIVE_PROTOCOL_VERSION,
  type LiveFilter,
  type LiveMessage,
  mergeLatest,
  type ReadingDelta,
  type SensorPlace,
  type SensorView,
  sensorMatches,
} from '@twin/domain';
import type { ChangeRow, ReadingsChange } from '../db/change-log.js';

/** The changes of one read of the log, decoded once for every client. */
export interface DecodedChanges {
  /** The newest seq among the rows. */
  seq: number;
  incidents: IncidentView[];
  sensors: SensorView[];
  readings: ReadingDelta[];
  deadLetters: DeadLetterNotice[];
}

export function decodeChanges(rows: readonly ChangeRow[]): DecodedChanges {
  const incidents = new Map<string, IncidentView>();
  const sensors = new Map<string, SensorView>();
  const readings = new Map<string, ReadingDelta>();
  const deadLetters: DeadLetterNotice[] = [];
  for (const row of rows) {
    switch (row.kind) {
      case 'incident': {
        const v = row.body as IncidentView;
        // Map order is first insertion: delete first so an incident changed twice sits at its newest change.
        incidents.delete(v.incidentId);
        incidents.set(v.incidentId, v);
        break;
      }
      case 'sensor': {
        const v = row.body as SensorView;
        sensors.delete(v.sensorId);
        sensors.set(v.sensorId, v);
        break;
      }
      case 'readings':
        mergeReadings(readings, row.body as ReadingsChange);
        break;
      case 'dead_letter':
        deadLetters.push(row.body as DeadLetterNotice);
        break;
    }
  }
  return {
    seq: rows.length > 0 ? rows[rows.length - 1]!.seq : 0,
    incidents: [...incidents.values()],
    sensors: [...sensors.values()],
    readings: [...readings.values()],
    deadLetters,
  };
}

function mergeReadings(into: Map<string, ReadingDelta>, change: ReadingsChange): void {
  change.sensorIds.forEach((sensorId, i) => {
    const ts = change.ts[i]!;
    const delta = into.get(sensorId) ?? { sensorId, lastSeen: ts, values: {} };
    delta.lastSeen = Math.max(delta.lastSeen, ts);
    mergeLatest(delta.values, { [change.metrics[i]!]: change.values[i]! }, ts);
    into.set(sensorId, delta);
  });
}

/** What one client receives of some changes; null when nothing concerns it. */
export interface ClientChanges {
  incidents: IncidentView[];
  sensors: SensorView[];
  readings: ReadingDelta[];
  deadLetters: DeadLetterNotice[];
}

/**
 * Filters changes for a client. `shown` holds the incidents the client was sent and still shows: an incident
 * that leaves its part of the city (handed to another department, moved out of its box) is sent once more so
 * the client can drop it, then forgotten. Whole-city clients need no such bookkeeping.
 */
export function changesFor(
  changes: DecodedChanges,
  filter: LiveFilter,
  shown: Set<string>,
  places: ReadonlyMap<string, SensorPlace>,
): ClientChanges | null {
  const whole = isWholeCity(filter);
  const incidents = whole
    ? changes.incidents
    : changes.incidents.filter((v) => {
        const matches = incidentMatches(filter, v);
        const wasShown = shown.has(v.incidentId);
        if (matches) shown.add(v.incidentId);
        else shown.delete(v.incidentId);
        return matches || wasShown;
      });
  const sensors = whole ? changes.sensors : changes.sensors.filter((s) => sensorMatches(filter, s));
  const readings = !filter.readings
    ? []
    : whole
      ? changes.readings
      : changes.readings.filter((r) => {
          const place = places.get(r.sensorId);
          return place !== undefined && sensorMatches(filter, place);
        });
  // Dead letters belong to no department or place: only whole-city clients (the operators' wall) get them.
  const deadLetters = whole ? changes.deadLetters : [];
  if (incidents.length + sensors.length + readings.length + deadLetters.length === 0) return null;
  return { incidents, sensors, readings, deadLetters };
}

/**
 * Readings per `changes` message at most. A browser parses a message in one go on its main thread: a delta
 * of every sensor of a 50,000-sensor city (the feed hands a busy client several seconds of readings at once)
 * took 45 ms to parse alone, past the wall's 50 ms budget per task. 2,000 readings are ~250 KB.
 */
export const MAX_READINGS_PER_MESSAGE = 2_000;

/**
 * The `changes` messages that carry `part` to a client at `seq`. A large readings delta is split: the first
 * messages hold readings only and carry `previousSeq` (the client does not hold everything up to `seq` until
 * it has the last one, so a reconnect in between resumes before them); the last holds the rest and `seq`.
 */
export function changesMessages(
  seq: number,
  previousSeq: number,
  part: ClientChanges,
  maxReadings = MAX_READINGS_PER_MESSAGE,
): LiveMessage[] {
  const at = Date.now();
  const messages: LiveMessage[] = [];
  let rest = part.readings;
  while (rest.length > maxReadings) {
    messages.push({
      v: LIVE_PROTOCOL_VERSION,
      type: 'changes',
      at,
      seq: previousSeq,
      readings: rest.slice(0, maxReadings),
    });
    rest = rest.slice(maxReadings);
  }
  const last: LiveMessage = { v: LIVE_PROTOCOL_VERSION, type: 'changes', at, seq };
  if (part.incidents.length > 0) last.incidents = part.incidents;
  if (part.sensors.length > 0) last.sensors = part.sensors;
  if (rest.length > 0) last.readings = rest;
  if (part.deadLetters.length > 0) last.deadLetters = part.deadLetters;
  messages.push(last);
  return messages;
}
