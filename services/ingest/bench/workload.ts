/**
 * The messages of one run, built before the clock starts. Every run gets its own sensor-id prefix (`tag`),
 * so each reading is new (nothing is a duplicate of an earlier run) and the rows of a run can be counted
 * in the database afterwards.
 */
import { topics } from '@twin/domain';

export type Shape = 'single' | 'gateway';

export interface Workload {
  topicRoot: string;
  shape: Shape;
  /** Readings in the run: single = one message each; gateway = messages of `perMessage`. */
  readings: number;
  perMessage: number;
  sensors: number;
  /** Sensor ids are `${tag}-${n}`: letters and digits only, so the tag is the id's first part. */
  tag: string;
}

export interface Message {
  topic: string;
  payload: Buffer;
}

export const sensorId = (tag: string, n: number) => `${tag}-${n}`;

export function buildMessages(w: Workload): Message[] {
  // NOTE: readings start BENCH_TS_AGE_S seconds ago (default 0: now, as live devices send). Older readings
  // are "late" for the embedded stack's 1-minute rollup and make the service refresh it while ingesting.
  const t0 = Date.now() - Number(process.env.BENCH_TS_AGE_S ?? 0) * 1000;
  const reading = (n: number) => ({
    sensorId: sensorId(w.tag, n % w.sensors),
    ts: t0 + Math.floor(n / w.sensors) * 1000,
    values: { v: n },
  });
  const out: Message[] = [];
  if (w.shape === 'single') {
    for (let n = 0; n < w.readings; n++) {
      const r = reading(n);
      out.push({
        topic: topics.sensorData(w.topicRoot, r.sensorId),
        payload: Buffer.from(JSON.stringify({ ts: r.ts, values: r.values })),
      });
    }
  } else {
    for (let first = 0; first < w.readings; first += w.perMessage) {
      const items = [];
      for (let n = first; n < Math.min(w.readings, first + w.perMessage); n++) items.push(reading(n));
      out.push({
        topic: topics.gatewayData(w.topicRoot, `${w.tag}-gw`),
        payload: Buffer.from(JSON.stringify(items)),
      });
    }
  }
  return out;
}
