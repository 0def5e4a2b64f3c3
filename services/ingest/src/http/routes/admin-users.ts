/**
 * Admin API of users (mounted under /api/v1/admin, behind the admin role): list, create, change, delete.
 * Passwords are write-only; the last active admin cannot be deleted, disabled or demoted (409).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { MAX_PASSWORD_CHARS, RoleSchema, UserListSchema, UserViewSchema } from '@twin/domain';
import { ErrorResponse } from '../schemas.js';

// NOTE: lengths only bound the request here; the rules and their plain-words messages are the domain's
// (accounts.ts), applied by the store, so the dashboard and the API refuse with the same words.
// NOTE: null first. The request validator coerces types (coerceTypes) and tries the union's members in
// order: with the string first, a `null` sent for a non-lead became "" and was refused as a department.
const Department = Type.Union([Type.Null(), Type.String({ maxLength: 64 })], {
  description: 'a registered department id; required for a lead, null for every other role',
});
const Password = Type.String({
  maxLength: MAX_PASSWORD_CHARS,
  description: 'write-only; at least 12 characters',
});
const DisplayName = Type.String({ maxLength: 1000 });
const UserId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) });

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse };

export const adminUserRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { users } = app.accounts;

  app.get(
    '/users',
    { schema: { summary: 'Users (never passwords)', response: { 200: UserListSchema, ...errors } } },
    async () => ({ users: await users.list() }),
  );

  app.post(
    '/users',
    {
      schema: {
        summary: 'Create a user',
        body: Type.Object(
          {
            username: Type.String({ maxLength: 1000 }),
            displayName: Type.Optional(DisplayName),
            role: RoleSchema,
            department: Type.Optional(Department),
            password: Password,
          },
          { additionalProperties: false },
        ),
        response: { 201: UserViewSchema, 409: ErrorResponse, ...errors },
      },
    },
    async (req, reply) => {
      const created = await users.create(req.body);
      req.log.info({ user: created.id, role: created.role, by: req.principal!.username }, 'user created');
      return reply.code(201).send(created);
    },
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        summary: 'Change a user: display name, role, department, password, disabled',
        description:
          'A new password or disabling ends the user’s sessions. 409 when it would leave no active admin.',
        params: UserId,
        body: Type.Object(
          {
            displayName: Type.Optional(DisplayName),
            role: Type.Optional(RoleSchema),
            department: Type.Optional(Department),
            password: Type.Optional(Password),
            disabled: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: UserViewSchema, 404: ErrorResponse, 409: ErrorResponse, ...errors },
      },
    },
    async (req) => {
      const updated = await users.update(req.params.id, req.body);
      req.log.info(
        { user: updated.id, changed: Object.keys(req.body), by: req.principal!.username },
        'user changed',
      );
      return updated;
    },
  );

  app.delete(
    '/users/:id',
    {
      schema: {
        summary: 'Delete a user (with its sessions and API tokens); the events keep its name',
        params: UserId,
        response: { 204: Type.Null(), 404: ErrorResponse, 409: ErrorResponse, ...errors },
      },
    },
    async (req, reply) => {
      await users.delete(req.params.id);
      req.log.info({ user: req.params.id, by: req.principal!.username }, 'user deleted');
      return reply.code(204).send(null);
    },
  );
};
