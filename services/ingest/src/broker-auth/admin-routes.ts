/**
 * Admin API for the embedded broker's MQTT credentials, mounted under /api/v1/admin:
 *   GET    /mqtt-credentials            list (never hashes nor passwords)
 *   POST   /mqtt-credentials            create → 201 with the password, shown this once
 *   DELETE /mqtt-credentials/:username  revoke → 204
 * Who may call them is not this plugin's business: it is mounted in the /api/v1/admin scope, where twin-auth
 * and the admin-role hook (plugins/auth.ts) refuse everyone but admins (ADMIN_TOKEN included).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CREDENTIAL_USERNAME_PATTERN } from '@twin/domain';
import type { FastifyReply } from 'fastify';
import { ErrorResponse } from '../http/schemas.js';
import {
  CREDENTIAL_KINDS,
  CredentialConflictError,
  CredentialInputError,
  type CredentialStore,
} from './credential-store.js';

export interface AdminRoutesOptions {
  store: Pick<CredentialStore, 'create' | 'list' | 'revoke'>;
  /**
   * Called after a credential is revoked. Without it a client that is already connected keeps its connection
   * (and its rights) until it reconnects, when its password is refused. The runtime can pass
   * `(u) => brokerAuth.disconnectUser(u)` to close it at once.
   */
  onRevoked?(username: string): unknown;
}

const Kind = Type.Union(CREDENTIAL_KINDS.map((k) => Type.Literal(k)));
const Username = Type.String({ pattern: CREDENTIAL_USERNAME_PATTERN });

const CredentialSchema = Type.Object({
  username: Type.String(),
  kind: Kind,
  scope: Type.Union([Type.String(), Type.Null()]),
  description: Type.String(),
  createdAt: Type.Number({ description: 'epoch ms' }),
  revokedAt: Type.Union([Type.Number(), Type.Null()], { description: 'epoch ms; null while active' }),
});

const IssuedSchema = Type.Object({
  username: Type.String(),
  password: Type.String({ description: 'shown only in this response; store it in the device' }),
  kind: Kind,
  scope: Type.Union([Type.String(), Type.Null()]),
});

const AUTH_NOTE =
  'Needs the admin role (a session or an API token, ADMIN_TOKEN included): 401 without, 403 with another role.';

function sendError(reply: FastifyReply, status: number, error: string, message: string) {
  return reply.code(status).send({ error, message });
}

export const adminRoutes: FastifyPluginAsyncTypebox<AdminRoutesOptions> = async (app, options) => {
  const { store, onRevoked } = options;

  app.addHook('onRequest', async (_req, reply) => {
    // Responses carry passwords or the credential list: never cache them anywhere.
    reply.header('cache-control', 'no-store');
  });

  const unauthorized = { 401: ErrorResponse, 403: ErrorResponse };

  app.get(
    '/mqtt-credentials',
    {
      schema: {
        summary: 'MQTT credentials of the embedded broker (revoked ones included); never passwords',
        description: AUTH_NOTE,
        response: { 200: Type.Object({ credentials: Type.Array(CredentialSchema) }), ...unauthorized },
      },
    },
    async () => ({ credentials: await store.list() }),
  );

  app.post(
    '/mqtt-credentials',
    {
      schema: {
        summary: 'Create an MQTT credential; the response holds its password, shown only this once',
        description: AUTH_NOTE,
        body: Type.Object(
          {
            kind: Kind,
            scope: Type.Optional(
              Type.String({ minLength: 1, maxLength: 128, description: 'sensor, gateway or department id' }),
            ),
            username: Type.Optional(Username),
            description: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: IssuedSchema, 400: ErrorResponse, 409: ErrorResponse, ...unauthorized },
      },
    },
    async (req, reply) => {
      try {
        const issued = await store.create(req.body);
        req.log.info(
          { username: issued.username, kind: issued.kind, scope: issued.scope },
          'MQTT credential created',
        );
        return reply.code(201).send(issued);
      } catch (err) {
        if (err instanceof CredentialInputError) return sendError(reply, 400, 'Bad Request', err.message);
        if (err instanceof CredentialConflictError) return sendError(reply, 409, 'Conflict', err.message);
        throw err;
      }
    },
  );

  app.delete(
    '/mqtt-credentials/:username',
    {
      schema: {
        summary: 'Revoke an MQTT credential (its password is refused from the next connect on)',
        description: AUTH_NOTE,
        params: Type.Object({ username: Username }),
        response: { 204: Type.Null(), 404: ErrorResponse, ...unauthorized },
      },
    },
    async (req, reply) => {
      const { username } = req.params;
      if (!(await store.revoke(username)))
        return sendError(reply, 404, 'Not Found', `MQTT credential "${username}" not found`);
      req.log.info({ username }, 'MQTT credential revoked');
      try {
        await onRevoked?.(username);
      } catch (err) {
        req.log.warn({ err, username }, 'closing the connections of a revoked MQTT credential failed');
      }
      return reply.code(204).send(null);
    },
  );
};
