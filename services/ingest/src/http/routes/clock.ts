import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DataClockSchema, HISTORICAL_AFTER_MS, isHistorical } from '@twin/domain';
import { readDataTimes } from '../../db/data-clock.js';

/** The wall clock and the data's time, so the dashboard measures ages against the right one. */
export const clockRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/clock',
    {
      schema: {
        summary:
          "The data's time: the newest reading or incident change in the store, and whether it is historical",
        description:
          '`dataTime` is the newest reading or incident-event time stored (every instance reads the same store, ' +
          'so all answer alike). `historical` is true when it is more than `historicalAfterMs` behind both the ' +
          'wall clock and the time it was stored (`storedAt`): then ages and "last seen" are measured against ' +
          '`dataTime` ("data as of …"). A live feed that stopped stays live: its ages keep counting on the wall ' +
          'clock and the live indicator says STALE.',
        response: { 200: DataClockSchema },
      },
    },
    async () => {
      const { dataTime, storedAt } = await readDataTimes(app.readPool);
      const now = Date.now();
      return {
        now,
        dataTime,
        storedAt,
        historical: isHistorical({ dataTime, storedAt }, now),
        historicalAfterMs: HISTORICAL_AFTER_MS,
      };
    },
  );
};
