/**
 * Admin API of API tokens and kiosk links (mounted under /api/v1/admin, behind the admin role). Their
 * secrets are returned once, by the POST that creates them; the store keeps only hashes.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  ApiTokenListSchema,
  IssuedApiTokenSchema,
  IssuedKioskLinkSchema,
  KioskLinkListSchema,
} from '@twin/domain';
import { BadRequestError } from '../errors.js';
import { ErrorResponse } from '../schemas.js';

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });
const Label = Type.String({ maxLength: 1000 });
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };

export const adminAccessRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { credentials } = app.accounts;

  app.addHook('onRequest', async (_req, reply) => {
    // Answers carry secrets or lists of who may enter: never cache them anywhere.
    reply.header('cache-control', 'no-store');
  });

  app.get(
    '/tokens',
    {
      schema: {
        summary: 'API tokens that are not revoked (never their secrets)',
        response: { 200: ApiTokenListSchema, ...errors },
      },
    },
    async () => ({ tokens: await credentials.listTokens() }),
  );

  app.post(
    '/tokens',
    {
      schema: {
        summary: 'Create an API token acting as a user; the response holds its secret, shown only this once',
        description: '`userId` defaults to the signed-in admin. Send it as `Authorization: Bearer <token>`.',
        body: Type.Object(
          { label: Label, userId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) },
          { additionalProperties: false },
        ),
        response: { 201: IssuedApiTokenSchema, ...errors },
      },
    },
    async (req, reply) => {
      const principal = req.principal!;
      // ADMIN_TOKEN belongs to no user: it must say whose token it makes.
      const userId =
        req.body.userId ??
        (principal.kind === 'token' && principal.id === 'admin-token' ? null : principal.id);
      if (userId === null) throw new BadRequestError('userId: required when acting with ADMIN_TOKEN');
      const issued = await credentials.createToken({ label: req.body.label, userId });
      req.log.info({ token: issued.id, user: userId, by: principal.username }, 'API token created');
      return reply.code(201).send(issued);
    },
  );

  app.delete(
    '/tokens/:id',
    {
      schema: {
        summary: 'Revoke an API token (refused from the next request on)',
        params: Id,
        response: { 204: Type.Null(), 404: ErrorResponse, ...errors },
      },
    },
    async (req, reply) => {
      await credentials.revokeToken(req.params.id);
      req.log.info({ token: req.params.id, by: req.principal!.username }, 'API token revoked');
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/kiosk-links',
    {
      schema: {
        summary: 'Kiosk links that are not revoked (never their secrets)',
        response: { 200: KioskLinkListSchema, ...errors },
      },
    },
    async () => ({ kioskLinks: await credentials.listKioskLinks() }),
  );

  app.post(
    '/kiosk-links',
    {
      schema: {
        summary: 'Create a kiosk link for a wall; the response holds its token and URL, shown only this once',
        body: Type.Object({ label: Label }, { additionalProperties: false }),
        response: { 201: IssuedKioskLinkSchema, ...errors },
      },
    },
    async (req, reply) => {
      const issued = await credentials.createKioskLink(req.body.label);
      const url = `${req.protocol}://${req.host}/?kiosk=${encodeURIComponent(issued.token)}`;
      req.log.info({ kioskLink: issued.id, by: req.principal!.username }, 'kiosk link created');
      return reply.code(201).send({ ...issued, url });
    },
  );

  app.delete(
    '/kiosk-links/:id',
    {
      schema: {
        summary: 'Revoke a kiosk link: the walls opened with it are signed out at their next request',
        params: Id,
        response: { 204: Type.Null(), 404: ErrorResponse, ...errors },
      },
    },
    async (req, reply) => {
      await credentials.revokeKioskLink(req.params.id);
      req.log.info({ kioskLink: req.params.id, by: req.principal!.username }, 'kiosk link revoked');
      return reply.code(204).send(null);
    },
  );
};
