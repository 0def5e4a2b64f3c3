/**
 * Broker authentication and topic ACLs over real sockets: the embedded database (PGlite) holding the
 * credentials, an Aedes broker with the hooks of src/broker-auth, real mqtt.js clients; the admin routes
 * through fastify.inject; and the Mosquitto 2 recipe of docs/ingestion.md on a private Mosquitto process.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect as netConnect, type Server } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { freePort } from '@twin/test-kit';
import { Aedes, type Client, type PublishPacket } from 'aedes';
import Fastify from 'fastify';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { adminRoutes } from '../src/broker-auth/admin-routes.js';
import { type BrokerAuth, type BrokerAuthOptions, createBrokerAuth } from '../src/broker-auth/aedes-hooks.js';
import {
  CredentialConflictError,
  CredentialNotFoundError,
  CredentialStore,
  type IssuedCredential,
} from '../src/broker-auth/credential-store.js';
import { REPO_ROOT } from '../src/config.js';
import { migrate } from '../src/db/migrations.js';
import { createPool } from '../src/db/pool.js';
import { type EmbeddedDatabase, startEmbeddedDatabase } from '../src/embedded/embedded-database.js';

const ROOT = 'city';
const INGEST_CLIENT_ID = 'it-ingest-broker-auth';
const ADMIN_TOKEN = 'test-admin-token-0123456789';

// ---------------------------------------------------------------------------------------------------------
// Helpers shared by the embedded broker and the Mosquitto tests.

const openClients = new Set<MqttClient>();

type Attempt =
  | { client: MqttClient; code: null }
  | { client: null; code: number | undefined; message: string };

/** Connects with reconnects off; resolves with the client, or with the CONNACK return code of the refusal. */
function tryConnect(url: string, options: IClientOptions = {}): Promise<Attempt> {
  const client = mqtt.connect(url, {
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    clientId: `it-${randomUUID().slice(0, 8)}`,
    ...options,
  });
  openClients.add(client);
  return new Promise((resolve) => {
    const fail = (err: Error & { code?: number }) => {
      client.end(true);
      openClients.delete(client);
      resolve({ client: null, code: err.code, message: err.message });
    };
    client.once('connect', () => {
      client.removeListener('error', fail);
      resolve({ client, code: null });
    });
    client.once('error', fail);
    client.once('close', () => fail(Object.assign(new Error('closed before CONNACK'), { code: undefined })));
  });
}

async function connectOk(url: string, options: IClientOptions = {}): Promise<MqttClient> {
  const attempt = await tryConnect(url, options);
  if (!attempt.client) throw new Error(`connect refused (${attempt.code}): ${attempt.message}`);
  // A broker closing the connection must not surface as an unhandled 'error' in the test process.
  attempt.client.on('error', () => {});
  return attempt.client;
}

async function endAll(): Promise<void> {
  await Promise.all([...openClients].map((c) => c.endAsync(true).catch(() => {})));
  openClients.clear();
}

/** Tracks a promise without awaiting it: 'pending' until it settles. */
function settle(promise: Promise<unknown>): { status: 'pending' | 'resolved' | 'rejected' } {
  const state: { status: 'pending' | 'resolved' | 'rejected' } = { status: 'pending' };
  promise.then(
    () => {
      state.status = 'resolved';
    },
    () => {
      state.status = 'rejected';
    },
  );
  return state;
}

/** Resolves when the connection of an MQTT client closes. */
const closeOf = (client: MqttClient) => new Promise<void>((resolve) => client.once('close', () => resolve()));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function record(client: MqttClient): { topic: string; payload: string }[] {
  const got: { topic: string; payload: string }[] = [];
  client.on('message', (topic, payload) => got.push({ topic, payload: payload.toString() }));
  return got;
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

// ---------------------------------------------------------------------------------------------------------

describe('embedded broker: authentication and topic ACLs', () => {
  let dir: string;
  let db: EmbeddedDatabase;
  let pool: pg.Pool;
  let store: CredentialStore;
  const creds: Record<string, IssuedCredential> = {};

  interface Broker {
    url: string;
    auth: BrokerAuth;
    aedes: Aedes;
    close(): Promise<void>;
  }
  let strict: Broker; // allowAnonymous: false
  let open: Broker; // allowAnonymous: true
  const refusals: { what: string; reason: string; clientId: string }[] = [];
  /** Payloads accept() was called with (started) and finished with (accepted). */
  const acceptStarted: string[] = [];
  const accepted: { topic: string; payload: string; clientId: string | null; retain: boolean }[] = [];
  /** Messages Aedes routed to subscribers (an in-process subscription to everything). */
  const routed: string[] = [];
  let gate: Promise<void> | null = null;

  async function startBroker(options: Pick<BrokerAuthOptions, 'allowAnonymous'>): Promise<Broker> {
    const auth = createBrokerAuth({
      store,
      topicRoot: ROOT,
      reservedClientIds: [INGEST_CLIENT_ID],
      allowAnonymous: options.allowAnonymous,
      async accept(client: Client | null, packet: PublishPacket) {
        const payload = packet.payload.toString();
        acceptStarted.push(payload);
        if (gate) await gate;
        if (payload.startsWith('reject-me')) throw new Error('the database refused the batch');
        accepted.push({ topic: packet.topic, payload, clientId: client?.id ?? null, retain: packet.retain });
      },
      onRefused: (what, reason, clientId) => refusals.push({ what, reason, clientId }),
    });
    const aedes = await Aedes.createBroker({ ...auth.hooks });
    aedes.subscribe(
      `${ROOT}/#`,
      (packet, cb) => {
        routed.push(packet.payload.toString());
        cb();
      },
      () => {},
    );
    const server: Server = createServer(aedes.handle);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as { port: number };
    return {
      url: `mqtt://127.0.0.1:${port}`,
      auth,
      aedes,
      async close() {
        await new Promise<void>((r) => aedes.close(() => r()));
        await new Promise<void>((r) => server.close(() => r()));
      },
    };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'twin-broker-auth-'));
    db = await startEmbeddedDatabase(dir);
    pool = createPool(db.url, true);
    await migrate(pool);
    store = new CredentialStore(pool);
    creds.aq1 = await store.create({ kind: 'sensor', scope: 'aq-1', description: 'air quality' });
    creds.aq2 = await store.create({ kind: 'sensor', scope: 'aq-2' });
    creds.gw1 = await store.create({ kind: 'gateway', scope: 'gw-1' });
    creds.fire = await store.create({ kind: 'department', scope: 'fire' });
    creds.police = await store.create({ kind: 'department', scope: 'police' });
    creds.feed = await store.ensureIntegration('demo-feed', 'in-process demo feed');
    creds.old = await store.create({ kind: 'sensor', scope: 'old-1' });
    await store.revoke(creds.old.username);
    strict = await startBroker({ allowAnonymous: false });
    open = await startBroker({ allowAnonymous: true });
  });

  afterEach(async () => {
    gate = null;
    await endAll();
  });

  afterAll(async () => {
    await endAll();
    await strict?.close();
    await open?.close();
    await pool?.end();
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const login = (c: IssuedCredential, options: IClientOptions = {}) => ({
    username: c.username,
    password: c.password,
    ...options,
  });

  /** Publishes and expects the broker to close the connection without a PUBACK, nothing accepted nor routed. */
  async function expectPublishRefused(client: MqttClient, topic: string, retain = false): Promise<void> {
    const payload = `refused-${randomUUID()}`;
    const closed = closeOf(client);
    const result = settle(client.publishAsync(topic, payload, { qos: 1, retain }));
    await closed;
    await sleep(50);
    expect(result.status, `publish to ${topic} was acknowledged`).not.toBe('resolved');
    expect(acceptStarted).not.toContain(payload);
    expect(routed).not.toContain(payload);
    expect(refusals.some((r) => r.what === 'publish' && r.clientId === client.options.clientId)).toBe(true);
  }

  async function expectSubscribeRefused(client: MqttClient, filter: string): Promise<void> {
    await expect(client.subscribeAsync(filter, { qos: 1 })).rejects.toMatchObject({
      packet: { granted: [128] },
    });
    expect(client.connected).toBe(true);
  }

  describe('CONNECT', () => {
    it('refuses a wrong password and an unknown user with return code 4', async () => {
      const wrong = await tryConnect(strict.url, { username: creds.aq1!.username, password: 'not-it' });
      expect(wrong.code).toBe(4);
      const unknown = await tryConnect(strict.url, {
        username: 'sensor:nobody',
        password: creds.aq1!.password,
      });
      expect(unknown.code).toBe(4);
      const noPassword = await tryConnect(strict.url, { username: creds.aq1!.username });
      expect(noPassword.code).toBe(4);
      // The password of one credential does not open another.
      const swapped = await tryConnect(strict.url, {
        username: creds.aq2!.username,
        password: creds.aq1!.password,
      });
      expect(swapped.code).toBe(4);
    });

    it('refuses a revoked credential with return code 4', async () => {
      const attempt = await tryConnect(strict.url, login(creds.old!));
      expect(attempt.code).toBe(4);
    });

    it('refuses anonymous clients with return code 5 when they are not allowed', async () => {
      const attempt = await tryConnect(strict.url);
      expect(attempt.code).toBe(5);
      expect(refusals.at(-1)?.what).toBe('connect');
    });

    it('refuses the reserved client ids with return code 2, whatever the credential', async () => {
      expect((await tryConnect(strict.url, login(creds.feed!, { clientId: INGEST_CLIENT_ID }))).code).toBe(2);
      expect((await tryConnect(open.url, { clientId: INGEST_CLIENT_ID })).code).toBe(2);
      expect((await tryConnect(open.url, { clientId: 'twin-ingest-somehost' })).code).toBe(2);
    });

    it('refuses a last will the identity may not publish (return code 5)', async () => {
      const will = {
        topic: `${ROOT}/v1/sensors/aq-2/status`,
        payload: Buffer.from('offline'),
        qos: 1 as const,
        retain: true,
      };
      expect((await tryConnect(strict.url, login(creds.aq1!, { will }))).code).toBe(5);
    });

    it('accepts good credentials, and anonymous clients where allowed', async () => {
      await connectOk(strict.url, login(creds.aq1!));
      await connectOk(open.url);
    });

    it('never reports a password', () => {
      const all = JSON.stringify(refusals);
      for (const c of Object.values(creds)) expect(all).not.toContain(c.password);
    });
  });

  describe('PUBLISH', () => {
    it('a sensor publishes its own data and retained meta; accept() sees them', async () => {
      const sensor = await connectOk(strict.url, login(creds.aq1!));
      const data = `data-${randomUUID()}`;
      const meta = `meta-${randomUUID()}`;
      await sensor.publishAsync(`${ROOT}/v1/sensors/aq-1/data`, data, { qos: 1 });
      await sensor.publishAsync(`${ROOT}/v1/sensors/aq-1/meta`, meta, { qos: 1, retain: true });
      expect(accepted).toContainEqual({
        topic: `${ROOT}/v1/sensors/aq-1/data`,
        payload: data,
        clientId: sensor.options.clientId,
        retain: false,
      });
      expect(accepted.find((a) => a.payload === meta)?.retain).toBe(true);
      expect(routed).toEqual(expect.arrayContaining([data, meta]));
    });

    it('accept() is awaited before the publisher gets its PUBACK and before subscribers get the message', async () => {
      const fire = await connectOk(strict.url, login(creds.fire!));
      const seen = record(fire);
      await fire.subscribeAsync(`${ROOT}/v1/incidents/+/events`, { qos: 1 });
      const sensor = await connectOk(strict.url, login(creds.aq1!));
      const feed = await connectOk(strict.url, login(creds.feed!));

      const held = deferred();
      gate = held.promise;
      const reading = `held-${randomUUID()}`;
      const event = `held-event-${randomUUID()}`;
      const pubReading = settle(sensor.publishAsync(`${ROOT}/v1/sensors/aq-1/data`, reading, { qos: 1 }));
      const pubEvent = settle(feed.publishAsync(`${ROOT}/v1/incidents/police/events`, event, { qos: 1 }));
      await until(
        () => acceptStarted.includes(reading) && acceptStarted.includes(event),
        'accept() to start',
      );
      await sleep(200);
      expect(pubReading.status).toBe('pending');
      expect(pubEvent.status).toBe('pending');
      expect(seen.map((m) => m.payload)).not.toContain(event);
      expect(routed).not.toContain(reading);

      held.resolve();
      await until(() => pubReading.status === 'resolved' && pubEvent.status === 'resolved', 'the PUBACKs');
      await until(() => seen.some((m) => m.payload === event), 'the department to get the event');
      expect(accepted.map((a) => a.payload)).toEqual(expect.arrayContaining([reading, event]));
    });

    it('a rejecting accept() fails the publish: no PUBACK, connection closed, nothing routed', async () => {
      const sensor = await connectOk(strict.url, login(creds.aq1!));
      const payload = `reject-me-${randomUUID()}`;
      const closed = closeOf(sensor);
      const result = settle(sensor.publishAsync(`${ROOT}/v1/sensors/aq-1/data`, payload, { qos: 1 }));
      await closed;
      await sleep(50);
      expect(result.status).not.toBe('resolved');
      expect(acceptStarted).toContain(payload);
      expect(routed).not.toContain(payload);
    });

    it('anonymous clients may publish data and incident events, not meta and nothing retained', async () => {
      const anon = await connectOk(open.url);
      const ok = `anon-${randomUUID()}`;
      await anon.publishAsync(`${ROOT}/v1/sensors/aq-9/data`, ok, { qos: 1 });
      expect(accepted.some((a) => a.payload === ok)).toBe(true);
      await expectPublishRefused(anon, `${ROOT}/v1/sensors/aq-9/meta`);
      await expectPublishRefused(await connectOk(open.url), `${ROOT}/v1/sensors/aq-9/data`, true);
      await expectPublishRefused(await connectOk(open.url), `${ROOT}/v1/incidents/fire/events`, true);
    });

    it("a sensor may not publish another sensor's topics, nor tricks around its own", async () => {
      await expectPublishRefused(
        await connectOk(strict.url, login(creds.aq1!)),
        `${ROOT}/v1/sensors/aq-2/data`,
      );
      await expectPublishRefused(
        await connectOk(strict.url, login(creds.aq1!)),
        `${ROOT}/v1/sensors/aq-10/data`,
      );
      await expectPublishRefused(
        await connectOk(strict.url, login(creds.aq1!)),
        `${ROOT}/v1/sensors/aq-1/data/extra`,
      );
      await expectPublishRefused(
        await connectOk(strict.url, login(creds.aq1!)),
        `${ROOT}/v1/sensors/../data`,
      );
      await expectPublishRefused(
        await connectOk(strict.url, login(creds.aq1!)),
        `${ROOT}/v1/sensors/aq-1/data`,
        true,
      );
      await expectPublishRefused(
        await connectOk(strict.url, login(creds.aq1!)),
        'elsewhere/v1/sensors/aq-1/data',
      );
    });

    it("a department may not publish another department's events", async () => {
      await expectPublishRefused(
        await connectOk(strict.url, login(creds.fire!)),
        `${ROOT}/v1/incidents/police/events`,
      );
    });

    it('a gateway may not publish sensor meta', async () => {
      await expectPublishRefused(
        await connectOk(strict.url, login(creds.gw1!)),
        `${ROOT}/v1/sensors/aq-1/meta`,
        true,
      );
      const gw = await connectOk(strict.url, login(creds.gw1!));
      await gw.publishAsync(`${ROOT}/v1/gateways/gw-1/data`, '[]', { qos: 1 });
    });

    it('a last will goes through the same check and through accept()', async () => {
      const will = {
        topic: `${ROOT}/v1/sensors/aq-1/status`,
        payload: Buffer.from(`will-${randomUUID()}`),
        qos: 1 as const,
        retain: true,
      };
      const sensor = await connectOk(strict.url, login(creds.aq1!, { will }));
      sensor.stream.destroy(); // an abrupt end: the broker publishes the will
      await until(
        () => accepted.some((a) => a.payload === will.payload.toString()),
        'the will to be accepted',
      );
    });
  });

  describe('SUBSCRIBE', () => {
    it('a department subscribes to incidents (all departments or one)', async () => {
      const fire = await connectOk(strict.url, login(creds.fire!));
      const granted = await fire.subscribeAsync(
        [`${ROOT}/v1/incidents/+/events`, `${ROOT}/v1/incidents/police/events`],
        { qos: 1 },
      );
      expect(granted.map((g) => g.qos)).toEqual([1, 1]);
    });

    it('anonymous clients may not subscribe to # nor city/v1/#', async () => {
      const anon = await connectOk(open.url);
      await expectSubscribeRefused(anon, '#');
      await expectSubscribeRefused(anon, `${ROOT}/v1/#`);
      await expectSubscribeRefused(anon, `${ROOT}/v1/incidents/+/events`);
    });

    it('nobody may subscribe to the whole tree (or wide filters, $share, $SYS)', async () => {
      for (const c of [creds.aq1!, creds.gw1!, creds.fire!, creds.feed!]) {
        const client = await connectOk(strict.url, login(c));
        for (const filter of ['#', `${ROOT}/#`, `${ROOT}/v1/#`, '+/v1/incidents/+/events', '$SYS/#'])
          await expectSubscribeRefused(client, filter);
        await expectSubscribeRefused(client, `$share/g/${ROOT}/v1/incidents/+/events`);
      }
      const fire = await connectOk(strict.url, login(creds.fire!));
      await expectSubscribeRefused(fire, `${ROOT}/v1/sensors/+/data`);
      await expectSubscribeRefused(fire, `${ROOT}/v1/incidents/#`);
      // One refused filter in a SUBSCRIBE does not spoil the others.
      const suback = await fire
        .subscribeAsync([`${ROOT}/v1/#`, `${ROOT}/v1/incidents/fire/events`], { qos: 1 })
        .then(
          () => null,
          (err: { packet?: { granted?: number[] } }) => err.packet,
        );
      expect(suback?.granted).toEqual([128, 1]);
      expect(fire.connected).toBe(true);
    });
  });

  describe('credential store against the database', () => {
    it('create refuses an active username (409) and replaces a revoked one', async () => {
      await expect(store.create({ kind: 'sensor', scope: 'aq-1' })).rejects.toBeInstanceOf(
        CredentialConflictError,
      );
      const again = await store.create({ kind: 'gateway', scope: 'old-1', username: creds.old!.username });
      expect(await store.verify(again.username, again.password)).toEqual({
        kind: 'gateway',
        username: creds.old!.username,
        gatewayId: 'old-1',
      });
      expect(await store.verify(again.username, creds.old!.password)).toBeNull();
      await store.revoke(again.username);
    });

    it('rotate and ensureIntegration issue a new password and the old one stops working', async () => {
      const rotated = await store.rotate(creds.aq2!.username);
      expect(await store.verify(creds.aq2!.username, creds.aq2!.password)).toBeNull();
      expect(await store.verify(rotated.username, rotated.password)).not.toBeNull();
      creds.aq2 = rotated;
      await expect(store.rotate('sensor:none')).rejects.toBeInstanceOf(CredentialNotFoundError);

      const feed2 = await store.ensureIntegration('demo-feed', 'in-process demo feed');
      expect(await store.verify('demo-feed', creds.feed!.password)).toBeNull();
      expect(await store.verify('demo-feed', feed2.password)).toEqual({
        kind: 'integration',
        username: 'demo-feed',
      });
      creds.feed = feed2;
      await expect(store.ensureIntegration(creds.aq1!.username)).rejects.toBeInstanceOf(
        CredentialConflictError,
      );
    });

    it('stores only scrypt hashes and lists no secrets', async () => {
      const { rows } = await pool.query<{ password_hash: string }>(
        'select password_hash from mqtt_credentials',
      );
      for (const r of rows) expect(r.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
      const listed = JSON.stringify(await store.list());
      expect(listed).not.toContain('scrypt$');
      for (const c of Object.values(creds)) expect(listed).not.toContain(c.password);
    });
  });

  describe('admin routes (fastify.inject)', () => {
    async function buildAdmin() {
      // The app's own validator settings (src/http/app.ts): unknown properties are an error, not stripped.
      const app = Fastify({
        ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
      }).withTypeProvider<TypeBoxTypeProvider>();
      await app.register(adminRoutes, {
        prefix: '/api/v1/admin',
        store,
        onRevoked: (username) => strict.auth.disconnectUser(username),
      });
      await app.ready();
      return app;
    }
    // NOTE: who may call these routes is decided by twin-auth and the admin scope's role hook, tested on the
    // whole service (identity.int.test.ts, broker-access.int.test.ts); this plugin alone checks nothing.
    const bearer = { authorization: `Bearer ${ADMIN_TOKEN}` };

    it('create → the password works for MQTT; revoke → the connection closes and the password is refused', async () => {
      const app = await buildAdmin();
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/admin/mqtt-credentials',
        headers: bearer,
        payload: { kind: 'sensor', scope: 'adm-1', description: 'made over HTTP' },
      });
      expect(created.statusCode).toBe(201);
      expect(created.headers['cache-control']).toBe('no-store');
      const issued = created.json<IssuedCredential>();
      expect(issued).toMatchObject({ username: 'sensor:adm-1', kind: 'sensor', scope: 'adm-1' });
      expect(issued.password).toMatch(/^[A-Za-z0-9_-]{43}$/);

      const dup = await app.inject({
        method: 'POST',
        url: '/api/v1/admin/mqtt-credentials',
        headers: bearer,
        payload: { kind: 'sensor', scope: 'adm-1' },
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json()).toMatchObject({ error: 'Conflict' });

      const sensor = await connectOk(strict.url, login(issued));
      const payload = `adm-${randomUUID()}`;
      await sensor.publishAsync(`${ROOT}/v1/sensors/adm-1/data`, payload, { qos: 1 });
      expect(accepted.some((a) => a.payload === payload)).toBe(true);

      const list = await app.inject({
        method: 'GET',
        url: '/api/v1/admin/mqtt-credentials',
        headers: bearer,
      });
      expect(list.statusCode).toBe(200);
      const listed = list.json<{ credentials: Record<string, unknown>[] }>().credentials;
      expect(listed.find((c) => c.username === 'sensor:adm-1')).toMatchObject({
        kind: 'sensor',
        scope: 'adm-1',
        description: 'made over HTTP',
        revokedAt: null,
      });
      expect(list.body).not.toContain(issued.password);
      expect(list.body).not.toContain('scrypt$');
      expect(Object.keys(listed[0]!).sort()).toEqual(
        ['createdAt', 'description', 'kind', 'revokedAt', 'scope', 'username'].sort(),
      );

      const closed = closeOf(sensor);
      const revoked = await app.inject({
        method: 'DELETE',
        url: '/api/v1/admin/mqtt-credentials/sensor:adm-1',
        headers: bearer,
      });
      expect(revoked.statusCode).toBe(204);
      expect(revoked.body).toBe('');
      await closed; // onRevoked closed the open connection
      expect((await tryConnect(strict.url, login(issued))).code).toBe(4);

      const unknown = await app.inject({
        method: 'DELETE',
        url: '/api/v1/admin/mqtt-credentials/sensor:never',
        headers: bearer,
      });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ error: 'Not Found' });
      await app.close();
    });

    it('refuses bad input with 400', async () => {
      const app = await buildAdmin();
      for (const payload of [
        { kind: 'department', scope: 'Fire' },
        { kind: 'sensor' },
        { kind: 'integration' },
        { kind: 'integration', username: 'x', scope: 'y' },
        { kind: 'root', username: 'x' },
        { kind: 'sensor', scope: 'aq-5', extra: true },
        { kind: 'sensor', scope: 'aq-5', username: 'has space' },
        { kind: 'sensor', scope: 'a/b' },
      ]) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/v1/admin/mqtt-credentials',
          headers: bearer,
          payload,
        });
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      }
      await app.close();
    });
  });
});

// ---------------------------------------------------------------------------------------------------------
// The Mosquitto 2 recipe of docs/ingestion.md, on a private Mosquitto (own config, own port on 127.0.0.1).

function findExecutable(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const dir of dirs) {
    if (!dir) continue;
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return null;
}

const MOSQUITTO = findExecutable('mosquitto');
const MOSQUITTO_PASSWD = findExecutable('mosquitto_passwd');
const mosquittoMissing = !MOSQUITTO || !MOSQUITTO_PASSWD;
const MISSING_REASON = 'mosquitto or mosquitto_passwd is not installed (apt-get install mosquitto)';
const titled = (title: string) => (mosquittoMissing ? `${title} — SKIPPED: ${MISSING_REASON}` : title);

/** The fenced block of docs/ingestion.md whose info string is "<lang> <name>". */
function docBlock(markdown: string, name: string): string {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`^\`\`\`\\w+ ${escaped}\\n([\\s\\S]*?)\\n\`\`\`$`, 'm').exec(markdown);
  if (!match) throw new Error(`docs/ingestion.md has no code block "${name}"`);
  return match[1]!;
}

describe('Mosquitto 2 with the recipe of docs/ingestion.md', () => {
  if (mosquittoMissing && process.env.CI === 'true') {
    it('mosquitto must be installed under CI=true', () => {
      throw new Error(MISSING_REASON);
    });
    return;
  }

  let dir: string;
  let child: ChildProcess | null = null;
  let output = '';
  let url: string;
  const passwords = new Map<string, string>();
  const as = (username: string, options: IClientOptions = {}): IClientOptions => ({
    username,
    password: passwords.get(username),
    ...options,
  });

  beforeAll(async () => {
    if (mosquittoMissing) return;
    const markdown = await readFile(join(REPO_ROOT, 'docs/ingestion.md'), 'utf8');
    dir = await mkdtemp(join(tmpdir(), 'twin-mosquitto-'));
    const passwdFile = join(dir, 'twin.passwd');
    const aclFile = join(dir, 'twin.acl');
    const confFile = join(dir, 'mosquitto.conf');
    const port = await freePort();

    // The password file: the recipe's user names, each with a random password.
    const users = [
      ...docBlock(markdown, 'mosquitto_passwd').matchAll(/^mosquitto_passwd (?:-c )?\S+ (\S+)$/gm),
    ].map((m) => m[1]!);
    expect(users).toEqual(expect.arrayContaining(['ingest', 'sensor.aq-1', 'department.fire', 'cad-bridge']));
    const run = promisify(execFile);
    for (const [i, user] of users.entries()) {
      const password = randomUUID();
      passwords.set(user, password);
      await run(MOSQUITTO_PASSWD!, [...(i === 0 ? ['-c'] : []), '-b', passwdFile, user, password]);
    }
    // The ACL file verbatim; the config verbatim but for the port, the paths and (when root) the user.
    await writeFile(aclFile, `${docBlock(markdown, 'mosquitto.acl')}\n`);
    const conf = docBlock(markdown, 'mosquitto.conf');
    expect(conf).toMatch(/^allow_anonymous false$/m);
    expect(conf).toMatch(/^use_username_as_clientid true$/m);
    const local = conf
      .replace(/^listener \d+ \S+$/m, `listener ${port} 127.0.0.1`)
      .replace(/^password_file .*$/m, `password_file ${passwdFile}`)
      .replace(/^acl_file .*$/m, `acl_file ${aclFile}`);
    expect(local).toContain(`listener ${port} 127.0.0.1`);
    // NOTE: started as root, Mosquitto drops to the user "mosquitto", which cannot read our temp dir.
    await writeFile(confFile, `${local}\nuser ${userInfo().username}\n`);

    const proc = spawn(MOSQUITTO!, ['-c', confFile], { stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout?.on('data', (d) => {
      output += d;
    });
    proc.stderr?.on('data', (d) => {
      output += d;
    });
    url = `mqtt://127.0.0.1:${port}`;
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (proc.exitCode !== null) throw new Error(`mosquitto exited (${proc.exitCode}): ${output}`);
      const up = await new Promise<boolean>((resolve) => {
        const socket = netConnect(port, '127.0.0.1', () => {
          socket.destroy();
          resolve(true);
        });
        socket.on('error', () => resolve(false));
      });
      if (up) break;
      if (Date.now() > deadline) throw new Error(`mosquitto did not listen on ${port}: ${output}`);
      await sleep(50);
    }
  });

  afterEach(async () => {
    await endAll();
  });

  afterAll(async () => {
    await endAll();
    if (child && child.exitCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Publishes refused messages, then a marker the ingest must get; the refused ones must never arrive. */
  async function ingestSubscriber(clientId?: string) {
    const ingest = await connectOk(url, as('ingest', clientId ? { clientId } : {}));
    const got = record(ingest);
    const granted = await ingest.subscribeAsync('city/v1/#', { qos: 1 });
    expect(granted[0]?.qos).toBe(1);
    return { ingest, got };
  }

  it.skipIf(mosquittoMissing)(titled('refuses clients without a user name and wrong passwords'), async () => {
    expect((await tryConnect(url)).code).toBe(5);
    expect((await tryConnect(url, { username: 'sensor.aq-1', password: 'wrong' })).code).toBe(5);
    expect((await tryConnect(url, { username: 'nobody', password: 'x' })).code).toBe(5);
    await connectOk(url, as('sensor.aq-1'));
  });

  it.skipIf(mosquittoMissing)(
    titled(
      "drops a sensor's publish on another sensor's topic, a department's on another's, a gateway's on meta",
    ),
    async () => {
      const { got } = await ingestSubscriber();
      const sensor = await connectOk(url, as('sensor.aq-1'));
      const fire = await connectOk(url, as('department.fire'));
      const gateway = await connectOk(url, as('gateway.gw-1'));
      const refused = [`r1-${randomUUID()}`, `r2-${randomUUID()}`, `r3-${randomUUID()}`];
      const markers = [`m1-${randomUUID()}`, `m2-${randomUUID()}`, `m3-${randomUUID()}`];
      // MQTT 3.1.1: Mosquitto acknowledges the refused publish and drops it (see docs/ingestion.md).
      await sensor.publishAsync('city/v1/sensors/aq-2/data', refused[0]!, { qos: 1 });
      await sensor.publishAsync('city/v1/sensors/aq-1/data', markers[0]!, { qos: 1 });
      await fire.publishAsync('city/v1/incidents/police/events', refused[1]!, { qos: 1 });
      await fire.publishAsync('city/v1/incidents/fire/events', markers[1]!, { qos: 1 });
      await gateway.publishAsync('city/v1/sensors/aq-1/meta', refused[2]!, { qos: 1 });
      await gateway.publishAsync('city/v1/gateways/gw-1/data', markers[2]!, { qos: 1 });
      await until(() => markers.every((m) => got.some((g) => g.payload === m)), 'the markers at the ingest');
      await sleep(200);
      for (const r of refused) expect(got.map((g) => g.payload)).not.toContain(r);
    },
  );

  it.skipIf(mosquittoMissing)(titled('nobody but the ingest user reads city/v1/#'), async () => {
    const { got: ingestGot } = await ingestSubscriber();
    const readers: Record<string, { topic: string; payload: string }[]> = {};
    for (const user of ['sensor.aq-2', 'gateway.gw-1', 'department.police', 'cad-bridge']) {
      const client = await connectOk(url, as(user));
      readers[user] = record(client);
      // Mosquitto grants the SUBSCRIBE and filters each message by the user's read rules.
      await client.subscribeAsync(['#', 'city/v1/#', '$share/ingest/city/v1/#'], { qos: 1 });
    }
    const sensor = await connectOk(url, as('sensor.aq-1'));
    const fire = await connectOk(url, as('department.fire'));
    const reading = `reading-${randomUUID()}`;
    const event = `event-${randomUUID()}`;
    await sensor.publishAsync('city/v1/sensors/aq-1/data', reading, { qos: 1 });
    await fire.publishAsync('city/v1/incidents/fire/events', event, { qos: 1 });
    await until(
      () => ingestGot.some((g) => g.payload === reading) && ingestGot.some((g) => g.payload === event),
      'the ingest to read both',
    );
    await sleep(200);
    expect(readers['sensor.aq-2']).toEqual([]);
    expect(readers['gateway.gw-1']).toEqual([]);
    expect(readers['cad-bridge']).toEqual([]);
    // A department reads incident events (its read rule), never readings.
    const police = readers['department.police']!.map((m) => m.payload);
    expect(police).toContain(event);
    expect(police).not.toContain(reading);
  });

  it.skipIf(mosquittoMissing)(
    titled("a client sending the ingest's client id does not take over its session"),
    async () => {
      const { ingest, got } = await ingestSubscriber('twin-ingest-prod');
      const intruder = await connectOk(url, as('sensor.aq-2', { clientId: 'twin-ingest-prod' }));
      const intruderGot = record(intruder);
      await intruder.subscribeAsync('city/v1/#', { qos: 1 });
      await sleep(200);
      expect(ingest.connected).toBe(true);
      const sensor = await connectOk(url, as('sensor.aq-1'));
      const reading = `after-${randomUUID()}`;
      await sensor.publishAsync('city/v1/sensors/aq-1/data', reading, { qos: 1 });
      await until(() => got.some((g) => g.payload === reading), 'the ingest to keep reading');
      expect(intruderGot).toEqual([]);
    },
  );
});
