/**
 * The answer once the sign-in throttle holds a name and address (sign-in, and a signed-in user's own password
 * change, which share it so neither can be used to guess a password faster than the other allows).
 */
import type { FastifyReply } from 'fastify';

/** 429 with Retry-After and, in words, how long to wait; `what` names the failures ("failed sign-ins"). */
export function refuseTooManyFailures(reply: FastifyReply, waitMs: number, what: string) {
  const minutes = Math.ceil(waitMs / 60_000);
  return reply
    .code(429)
    .header('retry-after', String(Math.ceil(waitMs / 1000)))
    .send({
      error: 'Too Many Requests',
      message: `too many ${what} for this name from your address: try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
    });
}
