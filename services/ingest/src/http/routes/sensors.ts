import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdSchema, MetricSchema, ReadingSeriesSchema, SensorViewSchema } from '@twin/domain';
import { latestReadingAt } from '../../db/data-clock.js';
import { getSensor, listSensors, readingBuckets } from '../../db/queries.js';
import { BadRequestError, NotFoundError } from '../errors.js';
import { defaultReadingsWindow, parseBoundedWindow, parseWindow } from '../query-params.js';
import { ErrorResponse, WindowQueryProps } from '../schemas.js';

/** At most this many buckets per request: a year of minutes is an export, not a chart. */
const MAX_BUCKETS = 10_000;
/** Without `from`, the hour before `to`; without either, the hour up to the sensor's newest reading. */
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
        description:
          "Without from and to: the hour up to the sensor's newest stored reading of the metric (the window " +
          'ends with the bucket holding it), so historical data shows its own last hour; `window` says ' +
          '`latest-reading`, or `now` when the metric has no reading (then the hour before now). With either: ' +
          '`window` is `requested`, to defaults to now and from to an hour before to; from must be before to. ' +
          '`from`/`to` in the answer are the window used.',
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
          200: ReadingSeriesSchema,
          400: ErrorResponse,
          404: ErrorResponse,
        },
      },
    },
    async (req) => {
      const { metric, bucket } = req.query;
      const now = Date.now();
      const requested = parseWindow(req.query);
      const defaulted = requested.from === undefined && requested.to === undefined;
      // NOTE: a bad window is a 400 before the sensor is looked up (an unknown sensor is a 404 after).
      const explicit = defaulted ? null : parseBoundedWindow(req.query, { now, spanMs: DEFAULT_WINDOW_MS });
      if (explicit) checkBucketCount(explicit, bucket);
      const sensor = await getSensor(app.readPool, req.params.sensorId);
      if (!sensor) throw new NotFoundError('sensor', req.params.sensorId);
      const latest = await latestReadingAt(app.readPool, sensor.sensorId, metric);
      const window = explicit
        ? { ...explicit, basis: 'requested' as const }
        : defaultReadingsWindow(latest, { now, spanMs: DEFAULT_WINDOW_MS, bucketMs: bucket * 1000 });
      checkBucketCount(window, bucket);
      const buckets = await readingBuckets(app.readPool, {
        sensorId: sensor.sensorId,
        metric,
        from: window.from,
        to: window.to,
        bucketS: bucket,
      });
      return {
        sensorId: sensor.sensorId,
        metric,
        bucketS: bucket,
        from: window.from,
        to: window.to,
        window: window.basis,
        latestReadingAt: latest,
        buckets,
      };
    },
  );
};

function checkBucketCount(window: { from: number; to: number }, bucketS: number): void {
  if ((window.to - window.from) / 1000 / bucketS > MAX_BUCKETS) {
    throw new BadRequestError(
      `the window from–to divided by bucket gives more than ${MAX_BUCKETS} buckets; use a larger bucket or a shorter window`,
    );
  }
}
