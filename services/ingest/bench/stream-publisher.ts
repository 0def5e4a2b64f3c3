/**
 * Child process: a steady stream for the live benchmark, at a fixed rate, QoS 1, bounded in flight.
 * - `readings`: gateway messages of `perMessage` readings stamped with the time they are sent;
 * - `incidents`: one `reported` incident event per message, a new incidentId each, its send time (epoch
 *   ms) in the title (`bench sent=<ms>`), so a client seeing the incident knows how old it is.
 * A message not sent because the window is full is counted as behind, not queued: the rate achieved is
 * reported, not assumed.
 *
 * IPC: {type:'start', …} → {type:'started'}; {type:'finish'} → {type:'finished', messages, readings,
 * seconds, behind}.
 */
import { randomUUID } from 'node:crypto';
import { topics } from '@twin/domain';
import mqtt from 'mqtt';
import { onCommand, reply } from './child.js';

export interface StreamCommand {
  type: 'start';
  url: string;
  mode: 'readings' | 'incidents';
  topicRoot: string;
  messagesPerS: number;
  perMessage: number;
  sensors: number;
  inFlight: number;
}

const TICK_MS = 10;
/** Inside San Francisco (the default city pack), so the incident gets a district. */
const SF = { lat: 37.7749, lon: -122.4194 };

async function stream(cmd: StreamCommand): Promise<void> {
  const id = randomUUID().replaceAll('-', '').slice(0, 8);
  const client = await mqtt.connectAsync(cmd.url, { clientId: `live-${cmd.mode}-${id}`, reconnectPeriod: 0 });
  let sent = 0;
  let acked = 0;
  let behind = 0;
  let inFlight = 0;
  let sensor = 0;
  const message = (): { topic: string; payload: string } => {
    const now = Date.now();
    if (cmd.mode === 'incidents') {
      const n = sent;
      return {
        topic: topics.incidentEvents(cmd.topicRoot, 'fire'),
        payload: JSON.stringify({
          eventId: `ev-${id}-${n}`,
          incidentId: `inc-${id}-${n}`,
          type: 'reported',
          ts: now,
          category: 'structure-fire',
          severity: 3,
          lat: SF.lat + ((n % 50) - 25) * 0.001,
          lon: SF.lon + ((n % 37) - 18) * 0.001,
          title: `bench sent=${now}`,
        }),
      };
    }
    const items = [];
    for (let i = 0; i < cmd.perMessage; i++) {
      items.push({ sensorId: `live-${sensor}`, ts: now, values: { v: sent } });
      sensor = (sensor + 1) % cmd.sensors;
    }
    return { topic: topics.gatewayData(cmd.topicRoot, `live-gw-${id}`), payload: JSON.stringify(items) };
  };
  const started = performance.now();
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * cmd.messagesPerS);
    while (sent + behind < due) {
      if (inFlight >= cmd.inFlight) {
        behind++;
        continue;
      }
      const { topic, payload } = message();
      sent++;
      inFlight++;
      client.publish(topic, payload, { qos: 1 }, (err) => {
        inFlight--;
        if (!err) acked++;
      });
    }
  }, TICK_MS);
  reply({ type: 'started' });
  onCommand(async (m) => {
    if (m.type !== 'finish') return;
    clearInterval(timer);
    const seconds = (performance.now() - started) / 1000;
    reply({
      type: 'finished',
      messages: acked,
      readings: cmd.mode === 'readings' ? acked * cmd.perMessage : 0,
      seconds,
      behind,
    });
    await client.endAsync(true);
  });
}

let running = false;
onCommand(async (m) => {
  if (m.type === 'start' && !running) {
    running = true;
    await stream(m as unknown as StreamCommand);
  }
});
reply({ type: 'ready' });
