/**
 * twin-broker (no MQTT_URL): the embedded Aedes broker with the authentication/authorization hooks,
 * handing every accepted message to the writer in-process; the device's PUBACK waits for the commit.
 *
 * On close (preClose, before the HTTP server closes): the writer first commits what devices are waiting
 * for, so they get their PUBACK, and only then the broker closes; what arrives meanwhile is refused
 * unacknowledged and comes again.
 */
import fp from 'fastify-plugin';
import { createBrokerAuth } from '../broker-auth/aedes-hooks.js';
import { isLoopbackOnly, startEmbeddedBroker } from '../embedded/embedded-broker.js';
import { DEMO_FEED_USERNAME, type FeedCredentials } from '../runtime.js';
import type { MqttEndpoint } from './mqtt.js';
import { SHUTDOWN_GRACE_MS, shutdownStep } from './shutdown.js';

export interface BrokerPluginOptions {
  /** Issue the in-process demo feed a credential (a new secret at every start). */
  feed: boolean;
}

export const brokerPlugin = fp<BrokerPluginOptions>(
  async (app, opts) => {
    const { config, log, metrics, messages, credentials, writer } = app;
    const loopback = isLoopbackOnly(config.mqttHost);
    if (config.mqttAllowAnonymous && !loopback)
      log.warn(
        { host: config.mqttHost },
        'the embedded broker listens beyond this machine: anonymous clients are refused',
      );
    const auth = createBrokerAuth({
      store: credentials,
      topicRoot: config.topicRoot,
      allowAnonymous: config.mqttAllowAnonymous && loopback,
      reservedClientIds: [config.ingestClientId],
      // The device's PUBACK waits for this: the message is committed (or dead-lettered) first.
      accept: (_client, packet) => messages.handle(packet.topic, packet.payload),
      // A refused publish is dead-lettered with its reason and acknowledged, never routed or retained.
      refuse: (client, packet, reason) =>
        messages.refuse(packet.topic, packet.payload, `${reason} (client id ${JSON.stringify(client.id)})`),
      onRefused: (what, reason, clientId) => {
        metrics.mqttRefused.inc({ what });
        log.warn({ what, reason, clientId }, 'embedded broker refused a client');
      },
    });
    const broker = await startEmbeddedBroker({
      port: config.mqttPort,
      host: config.mqttHost,
      hooks: auth.hooks,
    });
    // NOTE: two steps, in this order (preClose hooks run in registration order).
    app.addHook(
      'preClose',
      shutdownStep(app, 'embedded broker: commit what devices wait for', () =>
        writer.close(SHUTDOWN_GRACE_MS),
      ),
    );
    app.addHook(
      'preClose',
      shutdownStep(app, 'embedded broker', () => broker.close()),
    );

    let feedCredentials: FeedCredentials | null = null;
    if (opts.feed)
      feedCredentials = {
        username: DEMO_FEED_USERNAME,
        password: (
          await credentials.ensureIntegration(
            DEMO_FEED_USERNAME,
            'the in-process demo feed (a new secret at every start)',
          )
        ).password,
      };
    log.info(
      { mqttUrl: broker.url, anonymous: config.mqttAllowAnonymous && loopback },
      'embedded MQTT broker (Aedes) listening',
    );
    app.decorate('mqtt', {
      url: broker.url,
      connected: () => true,
      disconnectUser: (username) => auth.disconnectUser(username),
      feedCredentials,
      start: async () => {},
    } satisfies MqttEndpoint);
  },
  { name: 'twin-broker', dependencies: ['twin-config', 'twin-writer'], fastify: '5.x' },
);
