import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../context.js';

/** `/api/v1/live`: snapshot then deltas (protocol in packages/domain/src/live-protocol.ts). */
export const liveRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/live',
    { websocket: true, schema: { summary: 'Live WebSocket: snapshot, then deltas' } },
    (socket) => {
      // NOTE: the protocol is server → client only; anything a client sends is ignored, not parsed.
      socket.on('close', () => ctx.hub.remove(socket));
      socket.on('error', () => ctx.hub.remove(socket));
      void ctx.hub.add(socket);
    },
  );
};
