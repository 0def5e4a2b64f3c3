/**
 * Shutdown steps of the service's plugins. How Fastify 5.12 / avvio 9.3 run them (fastify.js, avvio
 * index.js; pinned by plugins/close-order.test.ts and test/runtime-plugins.int.test.ts):
 *
 * - `app.close()` first flags the server as closing (new requests get 503), then runs every `preClose` hook
 *   in REGISTRATION order (the root's, i.e. fastify-plugin plugins', then encapsulated children's), then
 *   closes the HTTP server, then runs the `onClose` hooks in REVERSE registration order (avvio unshifts
 *   each one onto its close queue).
 * - So: `preClose` = stop taking work while the HTTP server and everything below still run; `onClose` =
 *   release resources after the HTTP server, the last started first.
 * - A `preClose` hook that throws skips the remaining `preClose` hooks; an `onClose` hook that resolves to
 *   a value counts as an error. Every step therefore goes through `shutdownStep`, which logs its failure
 *   and resolves to nothing, so one failing step never keeps the others from running.
 * - A boot that fails part-way leaves the hooks of the plugins loaded so far registered: `app.close()` then
 *   stops exactly what started (runtime.ts calls it).
 */
import type { FastifyInstance } from 'fastify';

/** What is still uncommitted when stopping gets this long; the rest stays unacknowledged and comes again. */
export const SHUTDOWN_GRACE_MS = 8_000;

/** A close hook that logs its step (tests read the order from the log) and never fails the shutdown. */
export function shutdownStep(
  app: Pick<FastifyInstance, 'log'>,
  step: string,
  fn: () => unknown,
): () => Promise<void> {
  return async () => {
    app.log.debug({ shutdownStep: step }, 'shutting down');
    try {
      await fn();
    } catch (err) {
      app.log.warn({ err, shutdownStep: step }, 'error while shutting down');
    }
  };
}
