/** The hooks' answers with fake Aedes clients; the real broker and sockets are in broker-auth.int.test.ts. */
import { EventEmitter } from 'node:events';
import type { AuthenticateError, Client, ConnectPacket, PublishPacket, Subscription } from 'aedes';
import { describe, expect, it, vi } from 'vitest';
import type { Identity } from './acl.js';
import { type BrokerAuthOptions, createBrokerAuth } from './aedes-hooks.js';

function fakeClient(id: string): Client & { closeCalls: number } {
  const conn = new EventEmitter();
  const client = {
    id,
    conn,
    closeCalls: 0,
    close() {
      client.closeCalls++;
      conn.emit('close');
    },
  };
  return client as unknown as Client & { closeCalls: number };
}

const users: Record<string, { password: string; identity: Identity }> = {
  'sensor:aq-1': { password: 'pw', identity: { kind: 'sensor', username: 'sensor:aq-1', sensorId: 'aq-1' } },
  'department:fire': {
    password: 'pw',
    identity: { kind: 'department', username: 'department:fire', department: 'fire' },
  },
};
const store: BrokerAuthOptions['store'] = {
  async verify(username, password) {
    const user = users[username];
    return user && Buffer.from(password).toString() === user.password ? user.identity : null;
  },
};

function setup(overrides: Partial<BrokerAuthOptions> = {}) {
  const refusals: [string, string, string][] = [];
  const auth = createBrokerAuth({
    store,
    allowAnonymous: false,
    reservedClientIds: ['ingest-1'],
    onRefused: (what, reason, clientId) => refusals.push([what, reason, clientId]),
    ...overrides,
  });
  const connect = (client: Client, username?: string, password?: string, will?: ConnectPacket['will']) =>
    new Promise<{ err: AuthenticateError | null; ok: boolean | null }>((resolve) => {
      auth.preConnect(client, { cmd: 'connect', clientId: client.id, will } as ConnectPacket, () => {
        auth.authenticate(
          client,
          username,
          password === undefined ? undefined : Buffer.from(password),
          (err, ok) => resolve({ err, ok }),
        );
      });
    });
  const publish = (client: Client | null, topic: string, retain = false) =>
    new Promise<Error | null | undefined>((resolve) => {
      auth.authorizePublish(
        client,
        { cmd: 'publish', topic, retain, qos: 1, dup: false } as PublishPacket,
        resolve,
      );
    });
  const subscribe = (client: Client, topic: string) =>
    new Promise<Subscription | null | undefined>((resolve) => {
      auth.authorizeSubscribe(client, { topic, qos: 1 }, (err, sub) => {
        expect(err).toBeNull();
        resolve(sub);
      });
    });
  return { auth, refusals, connect, publish, subscribe };
}

describe('authenticate', () => {
  it('gives each refusal its CONNACK return code and reports it', async () => {
    const t = setup();
    expect((await t.connect(fakeClient('c1'), 'sensor:aq-1', 'bad')).err?.returnCode).toBe(4);
    expect((await t.connect(fakeClient('c2'), 'nobody', 'pw')).err?.returnCode).toBe(4);
    expect((await t.connect(fakeClient('c3'), 'sensor:aq-1')).err?.returnCode).toBe(4);
    expect((await t.connect(fakeClient('c4'), undefined, 'pw')).err?.returnCode).toBe(4);
    expect((await t.connect(fakeClient('c5'))).err?.returnCode).toBe(5);
    expect((await t.connect(fakeClient('ingest-1'), 'sensor:aq-1', 'pw')).err?.returnCode).toBe(2);
    expect((await t.connect(fakeClient('twin-ingest-x'))).err?.returnCode).toBe(2);
    expect(t.refusals.map((r) => [r[0], r[2]])).toEqual([
      ['connect', 'c1'],
      ['connect', 'c2'],
      ['connect', 'c3'],
      ['connect', 'c4'],
      ['connect', 'c5'],
      ['connect', 'ingest-1'],
      ['connect', 'twin-ingest-x'],
    ]);
    for (const [, reason] of t.refusals) expect(reason).not.toContain('pw');
  });

  it('accepts a good password, and anonymous clients only when allowed', async () => {
    const t = setup({ allowAnonymous: true });
    const sensor = fakeClient('s');
    expect(await t.connect(sensor, 'sensor:aq-1', 'pw')).toEqual({ err: null, ok: true });
    expect(t.auth.identityOf(sensor)).toEqual(users['sensor:aq-1']!.identity);
    const anon = fakeClient('a');
    expect(await t.connect(anon)).toEqual({ err: null, ok: true });
    expect(t.auth.identityOf(anon)).toEqual({ kind: 'anonymous' });
  });

  it('answers "server unavailable" (3) when the credentials cannot be read', async () => {
    const t = setup({ store: { verify: () => Promise.reject(new Error('db down')) } });
    const r = await t.connect(fakeClient('c'), 'sensor:aq-1', 'pw');
    expect(r.err?.returnCode).toBe(3);
  });

  it('refuses (5) a CONNECT whose last will the identity may not publish', async () => {
    const t = setup({ allowAnonymous: true });
    const will = {
      topic: 'city/v1/sensors/aq-2/status',
      payload: Buffer.from('offline'),
      qos: 1,
      retain: true,
    };
    expect((await t.connect(fakeClient('c1'), 'sensor:aq-1', 'pw', will as never)).err?.returnCode).toBe(5);
    expect((await t.connect(fakeClient('c2'), undefined, undefined, will as never)).err?.returnCode).toBe(5);
    const own = { ...will, topic: 'city/v1/sensors/aq-1/status' };
    expect((await t.connect(fakeClient('c3'), 'sensor:aq-1', 'pw', own as never)).ok).toBe(true);
  });

  it('a throwing onRefused does not change the answer', async () => {
    const t = setup({
      onRefused: () => {
        throw new Error('observer broke');
      },
    });
    expect((await t.connect(fakeClient('c'), 'sensor:aq-1', 'bad')).err?.returnCode).toBe(4);
  });
});

describe('authorizePublish', () => {
  it('refuses with an error (Aedes closes the connection) and reports it', async () => {
    const accept = vi.fn(async () => {});
    const t = setup({ accept });
    const c = fakeClient('s');
    await t.connect(c, 'sensor:aq-1', 'pw');
    const err = await t.publish(c, 'city/v1/sensors/aq-2/data');
    expect(err).toBeInstanceOf(Error);
    expect(t.refusals.at(-1)).toEqual(['publish', err!.message, 's']);
    expect(accept).not.toHaveBeenCalled();
  });

  it('awaits accept before answering, and fails the publish when accept rejects or throws', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const accept = vi.fn(() => gate);
    const t = setup({ accept });
    const c = fakeClient('s');
    await t.connect(c, 'sensor:aq-1', 'pw');
    let answered = false;
    const pending = t.publish(c, 'city/v1/sensors/aq-1/data').then((e) => {
      answered = true;
      return e;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(answered).toBe(false);
    release();
    expect(await pending).toBeNull();
    expect(accept).toHaveBeenCalledWith(c, expect.objectContaining({ topic: 'city/v1/sensors/aq-1/data' }));

    const failing = setup({ accept: () => Promise.reject(new Error('db down')) });
    await failing.connect(c, 'sensor:aq-1', 'pw');
    expect((await failing.publish(c, 'city/v1/sensors/aq-1/data'))?.message).toBe('db down');
    const throwing = setup({
      accept: () => {
        throw new Error('sync');
      },
    });
    await throwing.connect(c, 'sensor:aq-1', 'pw');
    expect((await throwing.publish(c, 'city/v1/sensors/aq-1/data'))?.message).toBe('sync');
  });

  it('treats client null as the service (everything allowed, accept still called)', async () => {
    const accept = vi.fn(async () => {});
    const t = setup({ accept });
    expect(await t.publish(null, '$SYS/anything', true)).toBeNull();
    expect(accept).toHaveBeenCalledWith(null, expect.objectContaining({ topic: '$SYS/anything' }));
  });

  it('refuses a client that never authenticated', async () => {
    const t = setup();
    expect(await t.publish(fakeClient('ghost'), 'city/v1/sensors/aq-1/data')).toBeInstanceOf(Error);
  });
});

describe('authorizeSubscribe', () => {
  it('negates refused filters with (null, null) and passes allowed ones through', async () => {
    const t = setup();
    const d = fakeClient('d');
    await t.connect(d, 'department:fire', 'pw');
    expect(await t.subscribe(d, 'city/v1/incidents/+/events')).toEqual({
      topic: 'city/v1/incidents/+/events',
      qos: 1,
    });
    expect(await t.subscribe(d, 'city/v1/#')).toBeNull();
    expect(await t.subscribe(fakeClient('ghost'), 'city/v1/incidents/+/events')).toBeNull();
    expect(t.refusals.map((r) => r[0])).toEqual(['subscribe', 'subscribe']);
  });
});

describe('disconnectUser', () => {
  it('closes every open connection of a username and forgets closed ones', async () => {
    const t = setup();
    const a = fakeClient('a');
    const b = fakeClient('b');
    const other = fakeClient('o');
    await t.connect(a, 'sensor:aq-1', 'pw');
    await t.connect(b, 'sensor:aq-1', 'pw');
    await t.connect(other, 'department:fire', 'pw');
    expect(t.auth.disconnectUser('sensor:aq-1')).toBe(2);
    expect([a.closeCalls, b.closeCalls, other.closeCalls]).toEqual([1, 1, 0]);
    expect(t.auth.disconnectUser('sensor:aq-1')).toBe(0);
    expect(t.auth.disconnectUser('nobody')).toBe(0);
  });
});
