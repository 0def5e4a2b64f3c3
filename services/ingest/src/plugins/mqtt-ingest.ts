/**
 * twin-mqtt-ingest (MQTT_URL set): the subscription to the external broker. It starts taking messages
 * only once the HTTP server listens (`app.mqtt.start()`, called by runtime.ts), and not at all on an
 * API-only instance (INSTANCE_ROLE=api).
 *
 * On close (preClose, before the HTTP server closes and long before the writer and the pool): it stops
 * taking messages and acknowledges what commits within SHUTDOWN_GRACE_MS.
 */
import fp from 'fastify-plugin';
import { type MqttIngest, startMqttIngest } from '../ingest/mqtt-ingest.js';
import type { MqttEndpoint } from './mqtt.js';
import { SHUTDOWN_GRACE_MS, shutdownStep } from './shutdown.js';

export const mqttIngestPlugin = fp(
  async (app) => {
    const { config, log, writer, messages } = app;
    const url = config.mqttUrl;
    if (!url) throw new Error('twin-mqtt-ingest needs MQTT_URL');
    let ingest: MqttIngest | null = null;
    const subscribes = config.role !== 'api';
    if (subscribes)
      app.addHook(
        'preClose',
        shutdownStep(app, 'mqtt ingest', () => ingest?.close(SHUTDOWN_GRACE_MS)),
      );
    app.decorate('mqtt', {
      url,
      connected: () => ingest?.connected() ?? false,
      disconnectUser: () => 0,
      feedCredentials:
        config.mqttUsername !== null && config.mqttPassword !== null
          ? { username: config.mqttUsername, password: config.mqttPassword }
          : null,
      start: async () => {
        if (!subscribes || ingest) return;
        ingest = await startMqttIngest({
          url,
          topicRoot: config.topicRoot,
          shareGroup: config.shareGroup,
          clientId: config.ingestClientId,
          username: config.mqttUsername,
          password: config.mqttPassword,
          protocolVersion: config.mqttProtocolVersion,
          sessionExpiryS: config.ingestSessionExpiryS,
          handle: messages.handleTo,
          backpressure: () =>
            writer.pendingBytes > config.maxPendingBytes
              ? writer.whenPendingBytesAtMost(config.maxPendingBytes)
              : null,
          log,
        });
      },
    } satisfies MqttEndpoint);
  },
  { name: 'twin-mqtt-ingest', dependencies: ['twin-config', 'twin-writer'], fastify: '5.x' },
);
