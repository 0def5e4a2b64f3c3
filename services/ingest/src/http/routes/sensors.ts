import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdSchema, MetricSchema, ReadingBucketSchema, SensorViewSchema } from '@twin/domain';
import { getSensor, listSensors, readingBuckets } from '../../db/queries.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { parseBoundedWindow } from '../query-params.js';
import { ErrorResponse, WindowQueryProps } from '../schemas.js';

/** At most this many buckets per request: a year of minutes is an export, not a chart. */
const MAX_BUCKETS = 10_000;
/** Without `from`, the last hour before `to` (which defaults to now). */
const DEFAULT_WINDOW_MS = 3600_000;

export const sensorRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/sensors',
    {
      schema: {
        summary: 'Registered sensors with their latest value of every metric',
        querystring: Type.Object({
          department: Type.Optional(Type.String({ maxLength: 40 })),
          kind: Type.Optional(Type.String({ maxLength: 64 })),
        }),
        response: { 200: Type.Array(SensorViewSchema) },
      },
    },
    async (req) => listSensors(app.readPool, req.query),
  );

  app.get(
    '/sensors/:sensorId',
    {
      schema: {
        summary: 'One sensor with its latest values',
        params: Type.Object({ sensorId: IdSchema }),
        response: { 200: SensorViewSchema, 404: ErrorResponse },
      },
    },
    async (req) => {
      const sensor = await getSensor(app.readPool, req.params.sensorId);
      if (!sensor) throw new NotFoundError('sensor', req.params.sensorId);
      return sensor;
    },
  );

  app.get(
    '/sensors/:sensorId/readings',
    {
      schema: {
        summary: 'Readings of one metric of a sensor in a window [from, to), aggregated in buckets',
        description: 'to defaults to now, from to an hour before to; from must be before to.',
        params: Type.Object({ sensorId: IdSchema }),
        querystring: Type.Object({
          metric: MetricSchema,
          ...WindowQueryProps,
          bucket: Type.Integer({
            minimum: 1,
            maximum: 86_400 * 31,
            default: 60,
            description: 'bucket size in seconds',
          }),
        }),
        response: {
          200: Type.Object({
            sensorId: Type.String(),
            metric: Type.String(),
            bucketS: Type.Integer(),
            from: Type.Number(),
            to: Type.Number(),
            buckets: Type.Array(ReadingBucketSchema),
          }),
          400: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (req) => {
      const { metric, bucket } = req.query;
      const { from, to } = parseBoundedWindow(req.query, { now: Date.now(), spanMs: DEFAULT_WINDOW_MS });
      if ((to - from) / 1000 / bucket > MAX_BUCKETS) {
        throw new BadRequestError(
          `the window from–to divided by bucket gives more than ${MAX_BUCKETS} buckets; use a larger bucket or a shorter window`,
        );
      }
      const sensor = await getSensor(app.readPool, req.params.sensorId);
      if (!sensor) throw new NotFoundError('sensor', req.params.sensorId);
      const buckets = await readingBuckets(app.readPool, {
        sensorId: sensor.sensorId,
        metric,
        from,
        to,
        bucketS: bucket,
      });
      return { sensorId: sensor.sensorId, metric, bucketS: bucket, from, to, buckets };
    },
  );
};
