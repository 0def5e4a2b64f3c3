/** Publishes JSON messages at QoS 1 over a connection of its own, and resolves once the broker acked them. */
import { randomUUID } from 'node:crypto';
import mqtt from 'mqtt';

export interface Credentials {
  username: string;
  password: string;
}

export async function publishJson(
  url: string,
  messages: { topic: string; payload: unknown }[],
  credentials?: Credentials | null,
): Promise<void> {
  const client = await mqtt.connectAsync(url, {
    clientId: `test-pub-${randomUUID().slice(0, 8)}`,
    reconnectPeriod: 0,
    ...(credentials ? { username: credentials.username, password: credentials.password } : {}),
  });
  try {
    for (const m of messages) await client.publishAsync(m.topic, JSON.stringify(m.payload), { qos: 1 });
  } finally {
    await client.endAsync();
  }
}
