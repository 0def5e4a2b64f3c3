/**
 * Replay (domain replay.ts): `GET /replay` one slice of a window as JSON, `GET /replay/readings` the window's
 * readings as an Apache Arrow stream. Any signed-in principal may read (default deny: plugins/auth.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ReplaySliceSchema } from '@twin/domain';
import { readReplaySlice } from '../../db/replay.js';
import { readingColumns, readingSeries } from '../../db/replay-readings.js';
import { ARROW_STREAM_TYPE, arrowReadingsStream } from '../arrow-readings.js';
import { BucketParam, ReplayWindowProps, replayWindow, SeriesFilterProps } from '../replay-params.js';
import { ErrorResponse } from '../schemas.js';

export const replayRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/replay',
    {
      schema: {
        summary: 'One slice of a replayed window: the state at `from` and every incident event in (from, to]',
        description:
          'Incidents: every incident open at `from` or with an event in (from, to], with `atFrom`, its state ' +
          'at `from` (every event with ts ≤ from folded, as live), and its current place. Events: every event ' +
          'of those incidents with from < ts ≤ to, in fold order. `from` = `to` gives the state at one instant. ' +
          'Fetch a long window as contiguous slices (each starting where the last ended).',
        querystring: Type.Object(ReplayWindowProps, { additionalProperties: false }),
        response: { 200: ReplaySliceSchema, 400: ErrorResponse },
      },
    },
    async (req) => {
      const { from, to, bucketMs } = replayWindow(req.query);
      const slice = await readReplaySlice(app.readPool, from, to);
      return { from, to, bucketMs, ...slice };
    },
  );

  app.get(
    '/replay/readings',
    {
      schema: {
        summary: 'The readings of a replayed window as an Apache Arrow IPC stream',
        description:
          'Columns sensor, metric (dictionary-encoded strings), ts, value, min, max (float64), count (uint32); ' +
          'rows sorted by sensor, metric, ts. Each sensor-metric starts with its last reading at or before ' +
          '`from` (count 1), then its raw readings in (from, to] (bucketMs 0) or its buckets starting in ' +
          '[from, to) (ts = bucket start, value = mean). `bucketMs` defaults to raw under 1 h, 1 minute up to ' +
          '24 h, 1 hour beyond.',
        querystring: Type.Object(
          { ...ReplayWindowProps, bucketMs: BucketParam, ...SeriesFilterProps },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Unknown({ description: 'application/vnd.apache.arrow.stream' }),
          400: ErrorResponse,
        },
      },
    },
    async (req, reply) => {
      const { from, to, bucketMs } = replayWindow(req.query);
      const q = { from, to, bucketMs, sensors: req.query.sensor, metrics: req.query.metric };
      const series = await readingSeries(app.readPool, q);
      return reply
        .type(ARROW_STREAM_TYPE)
        .header('x-bucket-ms', String(bucketMs))
        .send(arrowReadingsStream(series, readingColumns(app.readPool, series, q)));
    },
  );
};
