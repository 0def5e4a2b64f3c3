/**
 * POST /me/password: a signed-in user changes their own password. Only a person's session may (an API token
 * or a kiosk wall has no password of its own: 403); the current password is checked and every wrong one is
 * counted by the sign-in throttle under the same name and address, so this route guesses no faster than
 * sign-in does. On success every other session of the user ends; this one stays signed in.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { MAX_PASSWORD_CHARS, newOwnPasswordProblem } from '@twin/domain';
import { verifyPassword } from '../../identity/passwords.js';
import { SIGN_IN_MAX_FAILURES, SIGN_IN_WINDOW_MS, SignInThrottle } from '../../identity/sign-in-throttle.js';
import { ErrorResponse } from '../schemas.js';
import { refuseTooManyFailures } from '../too-many-failures.js';

const WRONG_CURRENT = 'currentPassword: not your current password';

const PasswordChanged = Type.Object({
  otherSessionsEnded: Type.Integer({
    minimum: 0,
    description: 'sessions of this user on other browsers or devices that were signed out',
  }),
});

export const mePasswordRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { users, signInThrottle, metrics } = app.accounts;

  app.post(
    '/me/password',
    {
      schema: {
        summary: 'Change your own password (signed-in users only): every other session of yours ends',
        description:
          'Only with a session of a user (an API token or a kiosk wall: 403). A wrong current password is 400 ' +
          `and counts as a failed sign-in for your name from your address: after ${SIGN_IN_MAX_FAILURES} ` +
          `within ${SIGN_IN_WINDOW_MS / 60_000} minutes (here or at sign-in), 429 with Retry-After. The new ` +
          'password follows the same rule as any password (at least 12 characters) and differs from the ' +
          'current one. 409 when the password was changed meanwhile (an admin reset it).',
        body: Type.Object(
          {
            currentPassword: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_CHARS }),
            newPassword: Type.String({ maxLength: MAX_PASSWORD_CHARS }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: PasswordChanged,
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
          409: ErrorResponse,
          429: ErrorResponse,
        },
      },
    },
    async (req, reply) => {
      const principal = req.principal!;
      const sessionSecret = req.credential?.kind === 'cookie' ? req.credential.secret : undefined;
      if (principal.kind !== 'session' || sessionSecret === undefined) {
        const what =
          principal.kind === 'kiosk' ? 'a kiosk wall has no password' : 'an API token has no password';
        return reply.code(403).send({
          error: 'Forbidden',
          message: `${what}: sign in as the user to change their password (an admin can set it under Admin)`,
        });
      }
      const { currentPassword, newPassword } = req.body;
      const key = SignInThrottle.key(principal.username, req.ip);
      const waitMs = signInThrottle.retryAfterMs(key);
      if (waitMs > 0) {
        metrics.signInFailures.inc({ reason: 'throttled' });
        return refuseTooManyFailures(reply, waitMs, 'wrong passwords');
      }
      const currentHash = await users.passwordHashOf(principal.id);
      if (currentHash === null || !(await verifyPassword(currentPassword, currentHash))) {
        signInThrottle.fail(key);
        metrics.signInFailures.inc({ reason: 'wrong_current_password' });
        req.log.info(
          { user: principal.id, ip: req.ip },
          'own password change refused: wrong current password',
        );
        return reply.code(400).send({ error: 'Bad Request', message: WRONG_CURRENT });
      }
      signInThrottle.succeed(key);
      const problem = newOwnPasswordProblem(currentPassword, newPassword);
      if (problem !== null) return reply.code(400).send({ error: 'Bad Request', message: problem });
      const otherSessionsEnded = await users.changeOwnPassword(
        principal.id,
        currentHash,
        newPassword,
        sessionSecret,
      );
      // The same record as an admin's change of a user ('user changed'), with who did it: the user.
      req.log.info(
        { user: principal.id, changed: ['password'], by: principal.username, otherSessionsEnded },
        'user changed own password',
      );
      return { otherSessionsEnded };
    },
  );
};
