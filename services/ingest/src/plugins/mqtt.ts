/** The MQTT side of the service, decorated by exactly one of twin-broker (embedded) and twin-mqtt-ingest (MQTT_URL). */
import type { FeedCredentials } from '../runtime.js';

export interface MqttEndpoint {
  /** The broker devices publish to: the embedded broker's address, or MQTT_URL. */
  url: string;
  /** For readiness: the embedded broker always; the external subscription while connected. */
  connected(): boolean;
  /** Closes the embedded broker's connections of a revoked credential (no-op with an external broker). */
  disconnectUser(username: string): unknown;
  /** What the demo feed connects with (null: anonymously). */
  feedCredentials: FeedCredentials | null;
  /** Starts taking messages once the HTTP server listens (the external subscription); nothing otherwise. */
  start(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    mqtt: MqttEndpoint;
  }
}

/** The name of the decoration, for fastify-plugin's `decorators` check. */
export const MQTT_DECORATION = 'mqtt';
