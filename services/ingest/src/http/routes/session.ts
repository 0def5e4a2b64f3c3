/**
 * Signing in and out: POST /session (name and password), POST /session/kiosk (a kiosk link's token),
 * DELETE /session, GET /me. The two POSTs are the API's only routes open without credentials.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { MAX_PASSWORD_CHARS, type Principal, PrincipalSchema } from '@twin/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE, sessionCookieOptions } from '../../identity/cookie.js';
import { kioskPrincipal } from '../../identity/credentials-store.js';
import { verifyAgainstNobody, verifyPassword } from '../../identity/passwords.js';
import { SIGN_IN_MAX_FAILURES, SIGN_IN_WINDOW_MS, SignInThrottle } from '../../identity/sign-in-throttle.js';
import { ErrorResponse } from '../schemas.js';
import { refuseTooManyFailures } from '../too-many-failures.js';

const BAD_CREDENTIALS = 'wrong username or password';

export const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { accounts, config } = app;
  const { users, credentials, signInThrottle, metrics } = accounts;

  const startSession = (req: FastifyRequest, reply: FastifyReply, secret: string) => {
    // Sign-in answers carry a fresh secret: nothing may cache them.
    reply.header('cache-control', 'no-store');
    reply.setCookie(
      SESSION_COOKIE,
      secret,
      sessionCookieOptions(req, config.sessionCookieSecure, config.sessionTtlMs),
    );
  };

  app.post(
    '/session',
    {
      config: { public: true },
      schema: {
        summary: 'Sign in with a username and password: sets the HttpOnly session cookie `twin_session`',
        description:
          `401 for an unknown name or a wrong password alike; after ${SIGN_IN_MAX_FAILURES} failures for one ` +
          `name from one address within ${SIGN_IN_WINDOW_MS / 60_000} minutes, 429 with Retry-After.`,
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 256 }),
            password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_CHARS }),
          },
          { additionalProperties: false },
        ),
        response: { 200: PrincipalSchema, 400: ErrorResponse, 401: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (req, reply) => {
      const { username, password } = req.body;
      const key = SignInThrottle.key(username, req.ip);
      const waitMs = signInThrottle.retryAfterMs(key);
      if (waitMs > 0) {
        metrics.signInFailures.inc({ reason: 'throttled' });
        return refuseTooManyFailures(reply, waitMs, 'failed sign-ins');
      }
      const user = await users.findForSignIn(username);
      const matches = user
        ? await verifyPassword(password, user.passwordHash)
        : await verifyAgainstNobody(password);
      if (!user || !matches || user.disabled) {
        signInThrottle.fail(key);
        metrics.signInFailures.inc({ reason: 'bad_credentials' });
        req.log.info({ ip: req.ip }, 'sign-in refused');
        return reply.code(401).send({ error: 'Unauthorized', message: BAD_CREDENTIALS });
      }
      signInThrottle.succeed(key);
      const secret = await credentials.openSession({ userId: user.id });
      await users.recordSignIn(user.id);
      startSession(req, reply, secret);
      req.log.info({ username: user.username }, 'signed in');
      const principal: Principal = {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        role: user.role,
        department: user.role === 'lead' ? user.department : null,
        kind: 'session',
      };
      return principal;
    },
  );

  app.post(
    '/session/kiosk',
    {
      config: { public: true },
      schema: {
        summary: 'Open a kiosk session (read-only wall) with a kiosk link’s token: sets the session cookie',
        description: 'The session ends when an admin revokes the link.',
        body: Type.Object(
          { token: Type.String({ minLength: 1, maxLength: 256 }) },
          { additionalProperties: false },
        ),
        response: { 200: PrincipalSchema, 400: ErrorResponse, 401: ErrorResponse },
      },
    },
    async (req, reply) => {
      const link = await credentials.findKioskLink(req.body.token);
      if (link === null) {
        metrics.signInFailures.inc({ reason: 'bad_kiosk_token' });
        return reply.code(401).send({
          error: 'Unauthorized',
          message: 'this kiosk link is not valid (unknown or revoked): ask an admin for a new one',
        });
      }
      startSession(req, reply, await credentials.openSession({ kioskLinkId: link.id }));
      req.log.info({ kioskLink: link.id }, 'kiosk session opened');
      return kioskPrincipal(link);
    },
  );

  app.delete(
    '/session',
    {
      schema: {
        summary: 'Sign out: the session is revoked on the server (its cookie is refused from now on)',
        description: 'With an API token there is nothing to sign out (an admin revokes tokens): 204 as well.',
        response: { 204: Type.Null(), 401: ErrorResponse },
      },
    },
    async (req, reply) => {
      const secret = req.cookies[SESSION_COOKIE];
      if (req.principal?.kind !== 'token' && secret) await credentials.revokeSession(secret);
      reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(req, config.sessionCookieSecure, null));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      schema: {
        summary: 'Who the request is signed in as',
        response: { 200: PrincipalSchema, 401: ErrorResponse },
      },
    },
    async (req) => req.principal!,
  );
};
