/**
 * twin-auth: who is asking. Derives `request.principal` from the session cookie (`twin_session`) or
 * `Authorization: Bearer <API token or ADMIN_TOKEN>`, and refuses every request under /api/ without one
 * (401) unless its route says `config: { public: true }`: protected by default, so a new route cannot be
 * forgotten. Routes outside /api/ (health, metrics, docs, the dashboard's files) are open. Admin routes add
 * `requireRole('admin')` (403). Also creates the first admin on the first start (`app.firstAdmin`).
 */
import fastifyCookie from '@fastify/cookie';
import { type Principal, type Role, withArticle } from '@twin/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { Counter } from 'prom-client';
import { SESSION_COOKIE, sessionCookieOptions } from '../identity/cookie.js';
import { CredentialsStore } from '../identity/credentials-store.js';
import { ensureFirstAdmin, type FirstAdmin } from '../identity/first-admin.js';
import { secretsEqual } from '../identity/secrets.js';
import { SIGN_IN_MAX_FAILURES, SIGN_IN_WINDOW_MS, SignInThrottle } from '../identity/sign-in-throttle.js';
import { UsersStore } from '../identity/users-store.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Served without credentials (sign-in). Everything else under /api/ needs a principal. */
    public?: boolean;
  }
  interface FastifyRequest {
    /** Who is asking, derived by twin-auth; null only on public routes and outside /api/. */
    principal: Principal | null;
    /** What the request proved it with; kept by long-lived connections to check it again later. */
    credential: PresentedCredential | null;
  }
  interface FastifyInstance {
    accounts: Accounts;
    /** The admin made by this start (there were no users); null otherwise. Its password is never stored. */
    firstAdmin: FirstAdmin | null;
  }
}

/** A secret a request presented: a bearer token (API token or ADMIN_TOKEN) or the session cookie. */
export interface PresentedCredential {
  kind: 'bearer' | 'cookie';
  secret: string;
}

export interface Accounts {
  /**
   * Whether a credential still stands for someone (not signed out, revoked, expired or disabled). The live
   * socket asks now and then, so an open socket ends when its session or token does.
   */
  stillValid(credential: PresentedCredential): Promise<boolean>;
  users: UsersStore;
  credentials: CredentialsStore;
  signInThrottle: SignInThrottle;
  /** Every route as twin-auth saw it registered, and whether it is open: the tests try each one. */
  routes: { method: string; url: string; public: boolean }[];
  metrics: {
    signInFailures: Counter<'reason'>;
    refused: Counter<'status'>;
  };
}

/** The principal of ADMIN_TOKEN: an API token with the admin role that belongs to no user. */
export const ADMIN_TOKEN_PRINCIPAL: Principal = {
  id: 'admin-token',
  username: 'admin-token',
  displayName: 'Admin API token',
  role: 'admin',
  department: null,
  kind: 'token',
};

const SESSION_PRUNE_INTERVAL_MS = 3_600_000;

const isApi = (path: string | undefined) =>
  path !== undefined && (path === '/api' || path.startsWith('/api/'));

/** Guarded: anything under /api/, by the path asked for or by the route it matched, unless marked public. */
function guarded(req: FastifyRequest): boolean {
  if (req.routeOptions.config.public === true) return false;
  return isApi(req.url) || isApi(req.routeOptions.url);
}

export function refuse(req: FastifyRequest, reply: FastifyReply, status: 401 | 403, message: string) {
  if (status === 401) reply.header('www-authenticate', 'Bearer');
  // NOTE: a refused WebSocket upgrade (the live socket) is answered before @fastify/websocket's own hooks
  // run, so nothing else closes its socket: left open, it would also hold up the server's shutdown.
  if (req.headers.upgrade !== undefined) {
    reply.header('connection', 'close');
    reply.raw.once('finish', () => req.raw.socket.destroy());
  }
  return reply.code(status).send({ error: status === 401 ? 'Unauthorized' : 'Forbidden', message });
}

/** A hook for a plugin scope whose routes need one of these roles (after twin-auth's own hook). */
export function requireRole(...roles: Role[]): onRequestAsyncHookHandler {
  return async function requireRoleHook(this: FastifyInstance, req, reply) {
    const principal = req.principal;
    if (principal === null) return refuse(req, reply, 401, 'sign in first');
    if (!roles.includes(principal.role)) {
      this.accounts.metrics.refused.inc({ status: '403' });
      return refuse(
        req,
        reply,
        403,
        `this needs the ${roles.join(' or ')} role; you are signed in as ${withArticle(principal.role)}`,
      );
    }
  };
}

export const authPlugin = fp(
  async (app) => {
    const { config, pool } = app;
    const users = new UsersStore(pool);
    const credentials = new CredentialsStore(pool, config.sessionTtlMs);
    const registry = app.metrics.registry;
    const accounts: Accounts = {
      stillValid: async () => false,
      users,
      credentials,
      signInThrottle: new SignInThrottle({ maxFailures: SIGN_IN_MAX_FAILURES, windowMs: SIGN_IN_WINDOW_MS }),
      routes: [],
      metrics: {
        signInFailures: new Counter({
          name: 'twin_sign_in_failures_total',
          help:
            'Refused sign-ins: bad_credentials (unknown name or wrong password), throttled, bad_kiosk_token; ' +
            'and own password changes with a wrong current password (wrong_current_password)',
          labelNames: ['reason'],
          registers: [registry],
        }),
        refused: new Counter({
          name: 'twin_api_refused_total',
          help: 'API requests refused for want of credentials (401) or of a role (403)',
          labelNames: ['status'],
          registers: [registry],
        }),
      },
    };
    app.decorate('accounts', accounts);
    app.decorate('firstAdmin', await ensureFirstAdmin(users, config.adminPassword, app.log));
    const adminToken = app.adminToken.token;

    // Ended sessions (expired or revoked more than a day ago) are deleted now and then. Every instance may
    // do it: the statement is idempotent and cheap on its index.
    const prune = () =>
      credentials
        .pruneSessions()
        .catch((err: unknown) => app.log.warn({ err }, 'deleting ended sessions failed'));
    await prune();
    const pruning = setInterval(prune, SESSION_PRUNE_INTERVAL_MS);
    pruning.unref();
    app.addHook('onClose', async () => clearInterval(pruning));

    await app.register(fastifyCookie);
    app.decorateRequest('principal', null);
    app.decorateRequest('credential', null);

    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods)
        accounts.routes.push({ method, url: route.url, public: route.config?.public === true });
    });

    const unauthorized = (req: FastifyRequest, reply: FastifyReply, message: string) => {
      accounts.metrics.refused.inc({ status: '401' });
      return refuse(req, reply, 401, message);
    };

    /** The principal a presented credential stands for now, or null when it is not (or no longer) valid. */
    const principalOf = async (credential: PresentedCredential) => {
      if (credential.kind === 'bearer')
        return secretsEqual(credential.secret, adminToken)
          ? { principal: ADMIN_TOKEN_PRINCIPAL, extended: false }
          : await credentials
              .resolveToken(credential.secret)
              .then((p) => p && { principal: p, extended: false });
      return credentials.resolveSession(credential.secret);
    };
    accounts.stillValid = async (credential) => (await principalOf(credential)) !== null;

    app.addHook('onRequest', async (req, reply) => {
      if (!guarded(req)) return;
      const authorization = req.headers.authorization;
      let credential: PresentedCredential;
      if (authorization !== undefined) {
        // NOTE: a request that sends a token is judged by it alone, never by a cookie it also carries.
        const bearer = /^Bearer +(\S+) *$/i.exec(authorization)?.[1];
        if (bearer === undefined) return unauthorized(req, reply, 'Authorization: use "Bearer <token>"');
        credential = { kind: 'bearer', secret: bearer };
      } else {
        const secret = req.cookies[SESSION_COOKIE];
        if (secret === undefined || secret === '')
          return unauthorized(
            req,
            reply,
            'sign in first (POST /api/v1/session), or send Authorization: Bearer <API token>',
          );
        credential = { kind: 'cookie', secret };
      }
      const resolved = await principalOf(credential);
      if (resolved === null) {
        if (credential.kind === 'bearer')
          return unauthorized(
            req,
            reply,
            'the bearer token is not valid (unknown or revoked, or its user is disabled)',
          );
        reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(req, config.sessionCookieSecure, null));
        return unauthorized(
          req,
          reply,
          'your session has ended (signed out, expired or revoked): sign in again',
        );
      }
      req.principal = resolved.principal;
      req.credential = credential;
      if (resolved.extended)
        reply.setCookie(
          SESSION_COOKIE,
          credential.secret,
          sessionCookieOptions(req, config.sessionCookieSecure, config.sessionTtlMs),
        );
    });
  },
  {
    name: 'twin-auth',
    dependencies: ['twin-config', 'twin-database', 'twin-writer'],
    fastify: '5.x',
  },
);
