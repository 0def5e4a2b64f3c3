/**
 * Exports of a window (streamed, as attachments named by the window): incidents open at any moment of it as
 * CSV or GeoJSON with their full timelines, readings as CSV. Any signed-in principal may read.
 */
import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import { readingColumns, readingSeries } from '../../db/replay-readings.js';
import { windowIncidents } from '../../db/window-incidents.js';
import { incidentsCsv, incidentsGeoJson, readingsCsv } from '../export-formats.js';
import {
  attachmentName,
  BucketParam,
  DepartmentFilterProp,
  ReplayWindowProps,
  replayWindow,
  SeriesFilterProps,
} from '../replay-params.js';
import { ErrorResponse } from '../schemas.js';

function attachment(reply: FastifyReply, type: string, filename: string, body: AsyncIterable<string>) {
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(body));
}

const incidentsDescription =
  'Incidents open at any moment of [from, to] (opened by `to`, not resolved before `from`), of one department ' +
  '(owner or assisting) with `department`, each with its full timeline in fold order.';

export const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const incidentsQuery = Type.Object(
    { ...ReplayWindowProps, ...DepartmentFilterProp },
    { additionalProperties: false },
  );

  // The two incident exports differ only in their format: one route definition serves both.
  const incidentFormats = [
    {
      ext: 'csv',
      type: 'text/csv; charset=utf-8',
      summary: 'Incidents of a window with their timelines, as CSV (one row per event)',
      note: "Text cells starting with = + - @ are prefixed with ' (formula injection).",
      write: incidentsCsv,
    },
    {
      ext: 'geojson',
      type: 'application/geo+json',
      summary: 'Incidents of a window with their timelines, as GeoJSON (one Feature per incident)',
      note: 'An incident without a position has a null geometry.',
      write: incidentsGeoJson,
    },
  ] as const;
  for (const format of incidentFormats)
    app.get(
      `/export/incidents.${format.ext}`,
      {
        schema: {
          summary: format.summary,
          description: `${incidentsDescription} ${format.note}`,
          querystring: incidentsQuery,
          response: { 400: ErrorResponse },
        },
      },
      async (req, reply) => {
        const { from, to } = replayWindow(req.query);
        const pages = windowIncidents(app.readPool, { from, to, department: req.query.department });
        return attachment(
          reply,
          format.type,
          attachmentName('incidents', from, to, format.ext),
          format.write(pages),
        );
      },
    );

  app.get(
    '/export/readings.csv',
    {
      schema: {
        summary: 'Readings of a window as CSV: the rows of GET /replay/readings',
        querystring: Type.Object(
          { ...ReplayWindowProps, bucketMs: BucketParam, ...SeriesFilterProps },
          { additionalProperties: false },
        ),
        response: { 400: ErrorResponse },
      },
    },
    async (req, reply) => {
      const { from, to, bucketMs } = replayWindow(req.query);
      const q = { from, to, bucketMs, sensors: req.query.sensor, metrics: req.query.metric };
      const series = await readingSeries(app.readPool, q);
      return attachment(
        reply,
        'text/csv; charset=utf-8',
        attachmentName('readings', from, to, 'csv'),
        readingsCsv(series, readingColumns(app.readPool, series, q)),
      );
    },
  );
};
