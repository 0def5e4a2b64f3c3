/**
 * Child process: publishes one run's messages at QoS 1 with a bounded number in flight and reports when
 * the first was sent, when the last PUBACK came, and each message's publish → PUBACK time. Run apart from
 * the service so that building, sending and acknowledging messages never takes the service's CPU time.
 *
 * IPC: {type:'run', url, workload, inFlight, connections, username?, password?} → {type:'done', …}.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { onCommand, reply } from './child.js';
import { buildMessages, type Workload } from './workload.js';

export interface PublishCommand {
  type: 'run';
  url: string;
  workload: Workload;
  /** Messages awaiting their PUBACK, in total over the connections. */
  inFlight: number;
  /** Publisher connections (devices); messages are dealt out round-robin. */
  connections: number;
  username?: string;
  password?: string;
}

export interface PublishResult {
  type: 'done';
  messages: number;
  readings: number;
  acked: number;
  failed: number;
  /** Epoch ms (sub-ms precision) of the first publish and of the last PUBACK. */
  startedAt: number;
  lastAckAt: number;
  /** Per message, in order: ms from startedAt to its publish, and publish → PUBACK in ms. */
  sentAt: number[];
  ackMs: number[];
}

const wall = () => performance.timeOrigin + performance.now();

async function publishRun(cmd: PublishCommand): Promise<PublishResult> {
  const messages = buildMessages(cmd.workload);
  const clients: MqttClient[] = [];
  for (let c = 0; c < cmd.connections; c++) {
    clients.push(
      await mqtt.connectAsync(cmd.url, {
        clientId: `${cmd.workload.tag}-pub-${c}`,
        ...(cmd.username ? { username: cmd.username, password: cmd.password } : {}),
        reconnectPeriod: 0,
      }),
    );
  }
  const sentAt = new Float64Array(messages.length);
  const ackMs = new Float64Array(messages.length);
  const window = Math.max(1, Math.ceil(cmd.inFlight / cmd.connections));
  let acked = 0;
  let failed = 0;
  let startedAt = 0;
  let lastAckAt = 0;
  await new Promise<void>((done) => {
    startedAt = wall();
    clients.forEach((client, c) => {
      let next = c;
      let inFlight = 0;
      const pump = () => {
        while (inFlight < window && next < messages.length) {
          const i = next;
          next += clients.length;
          inFlight++;
          const t = wall();
          sentAt[i] = t - startedAt;
          client.publish(messages[i]!.topic, messages[i]!.payload, { qos: 1 }, (err) => {
            const now = wall();
            ackMs[i] = now - t;
            lastAckAt = now;
            inFlight--;
            if (err) failed++;
            else acked++;
            if (acked + failed === messages.length) done();
            else pump();
          });
        }
      };
      pump();
    });
  });
  await Promise.all(clients.map((c) => c.endAsync()));
  const round = (a: Float64Array) => Array.from(a, (x) => Math.round(x * 100) / 100);
  return {
    type: 'done',
    messages: messages.length,
    readings: cmd.workload.readings,
    acked,
    failed,
    startedAt,
    lastAckAt,
    sentAt: round(sentAt),
    ackMs: round(ackMs),
  };
}

onCommand(async (m) => {
  if (m.type === 'run') reply((await publishRun(m as unknown as PublishCommand)) as never);
});
reply({ type: 'ready' });
