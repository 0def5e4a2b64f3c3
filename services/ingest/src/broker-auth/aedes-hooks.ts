/**
 * Authentication and topic authorization hooks for the embedded Aedes 1.2 broker (MQTT 3.1.1).
 *
 *   const auth = createBrokerAuth({ store, topicRoot, allowAnonymous, reservedClientIds, accept, onRefused });
 *   const aedes = await Aedes.createBroker({ ...auth.hooks });
 *
 * What Aedes does with the answers (node_modules/aedes, version 1.2.0):
 * - preConnect: `callback(null, true)` continues; anything else drops the socket WITHOUT a CONNACK
 *   (lib/handlers/connect.js handleConnect/negate). So every refusal is made in authenticate instead.
 * - authenticate: `callback(err)` with `err.returnCode` 2–5 sends a CONNACK with that code and closes the
 *   connection (connect.js authenticate/negate: codes outside 2–5 become 5). client.id is already set
 *   (init() assigns it before the connect actions run; an empty id becomes `aedes_<uuid>`).
 * - authorizePublish: runs before the QoS 1 PUBACK / QoS 2 PUBREC is written and before the message is
 *   routed (lib/handlers/publish.js: publishActions = [authorizePublish, enqueuePublish]), so awaiting
 *   `accept` here holds the publisher's PUBACK until accept resolves. `callback(err)` fails the packet and
 *   Aedes closes the connection (client.js nextBatch → emit('error') → _onError → conn.destroy).
 *   Aedes also calls it for a client's last will, when the connection ends without DISCONNECT
 *   (client.js close → finish → authorizePublish(that, will, …); an error just drops the will), and with
 *   client null for wills of brokers that died (aedes.js _clearWills; only with shared persistence).
 *   Packets of one socket read are handled concurrently (client.js enqueue), so accept() may run for
 *   several messages of one client at the same time.
 * - authorizeSubscribe: `callback(null, null)` negates one subscription: SUBACK 0x80 for it, the others of
 *   the same SUBSCRIBE are unaffected and the connection stays (handlers/subscribe.js storeSubscriptions).
 *   It also runs when a persistent session's subscriptions are restored at CONNECT (restoreTopicActions).
 */
import type { AedesOptions, AuthenticateError, Client, PublishPacket } from 'aedes';
import { canPublish, canSubscribe, DEFAULT_TOPIC_ROOT, type Identity, isReservedClientId } from './acl.js';
import type { CredentialStore } from './credential-store.js';

export type RefusedWhat = 'connect' | 'publish' | 'subscribe';

export interface BrokerAuthOptions {
  store: Pick<CredentialStore, 'verify'>;
  topicRoot?: string;
  /** Accept clients without a username (as the restricted 'anonymous' identity). */
  allowAnonymous: boolean;
  /** The ingest's own client id(s); ids starting with `twin-ingest` are reserved as well. */
  reservedClientIds: readonly string[];
  /**
   * Called for every publish the ACL allows (client null = in-process), before the publisher gets its
   * PUBACK and before the message is routed to subscribers. A rejection fails the publish (see above).
   */
  accept?(client: Client | null, packet: PublishPacket): Promise<unknown>;
  /**
   * Takes a publish the ACL refuses (e.g. dead-letters it with the reason). When given, the publisher gets
   * its PUBACK once this resolves, and the message is neither routed nor retained; without it, the
   * connection is closed. NOTE: closing is the only refusal an MQTT 3.1.1 publisher notices, but a device
   * that re-sends the refused message after every reconnect is then stuck behind it for good.
   */
  refuse?(client: Client, packet: PublishPacket, reason: string): Promise<unknown>;
  /** Every refusal, in plain words. Never carries a password. */
  onRefused?(what: RefusedWhat, reason: string, clientId: string): void;
}

/** Where a refused publish is sent instead of its own topic: nobody may subscribe to it, nothing is retained. */
export const REFUSED_TOPIC = '$twin/refused';

/** Aedes 1.2's own hook signatures (types/instance.d.ts). */
export interface BrokerAuthHooks {
  preConnect: NonNullable<AedesOptions['preConnect']>;
  authenticate: NonNullable<AedesOptions['authenticate']>;
  authorizePublish: NonNullable<AedesOptions['authorizePublish']>;
  authorizeSubscribe: NonNullable<AedesOptions['authorizeSubscribe']>;
}

export interface BrokerAuth extends BrokerAuthHooks {
  /** The four hooks alone, to spread into Aedes.createBroker({ ...auth.hooks }). */
  hooks: BrokerAuthHooks;
  /** The identity an authenticated client connected with (undefined before authentication). */
  identityOf(client: Client): Identity | undefined;
  /**
   * Closes every connected client that authenticated as `username` (e.g. after its credential is revoked);
   * returns how many. Their last wills are then published as for any dropped connection.
   */
  disconnectUser(username: string): number;
}

/** CONNACK return codes of MQTT 3.1.1 (section 3.2.2.3). */
export const RETURN_CODE = {
  IDENTIFIER_REJECTED: 2,
  SERVER_UNAVAILABLE: 3,
  BAD_USERNAME_OR_PASSWORD: 4,
  NOT_AUTHORIZED: 5,
} as const;

const SERVICE: Identity = { kind: 'service' };
const ANONYMOUS: Identity = { kind: 'anonymous' };

function authError(returnCode: AuthenticateError['returnCode'], message: string): AuthenticateError {
  return Object.assign(new Error(message), { returnCode });
}

export function createBrokerAuth(options: BrokerAuthOptions): BrokerAuth {
  const topicRoot = options.topicRoot ?? DEFAULT_TOPIC_ROOT;
  const identities = new WeakMap<Client, Identity>();
  /** The will of each CONNECT, captured by preConnect and checked once the identity is known. */
  const wills = new WeakMap<Client, { topic: string; retain: boolean }>();
  const connectedByUser = new Map<string, Set<Client>>();
  const refused = (what: RefusedWhat, reason: string, clientId: string) => {
    try {
      options.onRefused?.(what, reason, clientId);
    } catch {
      // a failing observer must not change the broker's answer
    }
  };

  const track = (client: Client, username: string) => {
    // A client gone while its password was being checked: its 'close' has fired already.
    if (client.closed || client.conn.destroyed) return;
    let set = connectedByUser.get(username);
    if (!set) {
      set = new Set();
      connectedByUser.set(username, set);
    }
    set.add(client);
    const untrack = () => {
      set.delete(client);
      if (set.size === 0 && connectedByUser.get(username) === set) connectedByUser.delete(username);
    };
    client.conn.once('close', untrack);
  };

  const preConnect: BrokerAuthHooks['preConnect'] = (client, packet, callback) => {
    if (packet.will) wills.set(client, { topic: packet.will.topic, retain: packet.will.retain === true });
    callback(null, true);
  };

  const authenticate: BrokerAuthHooks['authenticate'] = (client, username, password, done) => {
    const clientId = client.id;
    const refuse = (code: AuthenticateError['returnCode'], reason: string) => {
      refused('connect', reason, clientId);
      done(authError(code, reason), null);
    };
    if (isReservedClientId(clientId, options.reservedClientIds)) {
      refuse(
        RETURN_CODE.IDENTIFIER_REJECTED,
        `client id ${JSON.stringify(clientId)} is reserved for the service`,
      );
      return;
    }
    const admit = (identity: Identity) => {
      const will = wills.get(client);
      wills.delete(client);
      if (will) {
        const decision = canPublish(identity, will.topic, { retain: will.retain }, topicRoot);
        if (!decision.ok) {
          refuse(RETURN_CODE.NOT_AUTHORIZED, `last will refused: ${decision.reason}`);
          return;
        }
      }
      identities.set(client, identity);
      if ('username' in identity) track(client, identity.username);
      done(null, true);
    };
    if (username === undefined) {
      if (password !== undefined) {
        refuse(RETURN_CODE.BAD_USERNAME_OR_PASSWORD, 'a password without a user name');
      } else if (options.allowAnonymous) {
        admit(ANONYMOUS);
      } else {
        refuse(RETURN_CODE.NOT_AUTHORIZED, 'anonymous clients are not accepted: connect with a user name');
      }
      return;
    }
    const user = JSON.stringify(username.slice(0, 200));
    if (password === undefined) {
      refuse(RETURN_CODE.BAD_USERNAME_OR_PASSWORD, `no password for user ${user}`);
      return;
    }
    options.store.verify(username, password).then(
      (identity) => {
        if (identity) admit(identity);
        else refuse(RETURN_CODE.BAD_USERNAME_OR_PASSWORD, `bad user name or password for user ${user}`);
      },
      (err: unknown) =>
        refuse(
          RETURN_CODE.SERVER_UNAVAILABLE,
          `credentials could not be checked for user ${user}: ${err instanceof Error ? err.message : String(err)}`,
        ),
    );
  };

  const authorizePublish: BrokerAuthHooks['authorizePublish'] = (client, packet, callback) => {
    const identity = client === null ? SERVICE : identities.get(client);
    const clientId = client?.id ?? '(broker)';
    if (!identity) {
      refused('publish', 'publish from a client that has not authenticated', clientId);
      callback(new Error('not authenticated'));
      return;
    }
    const decision = canPublish(identity, packet.topic, { retain: packet.retain === true }, topicRoot);
    if (!decision.ok) {
      refused('publish', decision.reason, clientId);
      if (client !== null && options.refuse) {
        // NOTE: Aedes routes the packet it handed to this hook: rewriting it (as Aedes's docs show for the
        // payload) keeps a refused message from reaching subscribers or the retained store.
        let taken: Promise<unknown>;
        try {
          taken = options.refuse(client, packet, decision.reason);
        } catch (err) {
          taken = Promise.reject(err);
        }
        taken.then(
          () => {
            packet.topic = REFUSED_TOPIC;
            packet.retain = false;
            callback(null);
          },
          (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
        );
        return;
      }
      // NOTE: MQTT 3.1.1 has no negative PUBACK: the only refusal a QoS 1/2 publisher can notice is the
      // connection being closed (Aedes closes it on this error). Acknowledging and dropping instead would tell
      // the device its message was stored when it was not.
      callback(new Error(decision.reason));
      return;
    }
    if (!options.accept) {
      callback(null);
      return;
    }
    let accepted: Promise<unknown>;
    try {
      accepted = options.accept(client, packet);
    } catch (err) {
      accepted = Promise.reject(err);
    }
    accepted.then(
      () => callback(null),
      (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
    );
  };

  const authorizeSubscribe: BrokerAuthHooks['authorizeSubscribe'] = (client, subscription, callback) => {
    const identity = identities.get(client);
    const decision = identity
      ? canSubscribe(identity, subscription.topic, topicRoot)
      : ({ ok: false, reason: 'subscribe from a client that has not authenticated' } as const);
    if (!decision.ok) {
      refused('subscribe', decision.reason, client.id);
      callback(null, null); // SUBACK 0x80 for this filter; the connection stays
      return;
    }
    callback(null, subscription);
  };

  const hooks: BrokerAuthHooks = { preConnect, authenticate, authorizePublish, authorizeSubscribe };
  return {
    ...hooks,
    hooks,
    identityOf: (client) => identities.get(client),
    disconnectUser(username) {
      const clients = [...(connectedByUser.get(username) ?? [])];
      for (const client of clients) client.close();
      return clients.length;
    },
  };
}
