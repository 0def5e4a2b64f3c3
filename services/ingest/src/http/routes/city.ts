/**
 * The city model the dashboard starts from (GET /api/v1/city) and the pack's buildings
 * (GET /api/v1/city/buildings). Both change only with a new pack, i.e. a restart: each body is serialised
 * once, and answered with an ETag so a reload revalidates with a 304 instead of downloading it again.
 */
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CityView } from '@twin/city';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { basemapUrl } from '../static-files.js';

export const CITY_BUILDINGS_PATH = '/api/v1/city/buildings';

interface CachedBody {
  json: string;
  etag: string;
}

function cached(value: unknown): CachedBody {
  const json = JSON.stringify(value);
  return { json, etag: `"${createHash('sha1').update(json).digest('base64url')}"` };
}

function send(req: FastifyRequest, reply: FastifyReply, body: CachedBody) {
  // NOTE: no-cache = keep it, but ask first: a restarted service with a re-imported pack is seen at once.
  reply.header('cache-control', 'no-cache').header('etag', body.etag);
  if (req.headers['if-none-match'] === body.etag) return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(body.json);
}

export const cityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { manifest, districts, buildings, basemap } = app.city;
  const cityModel: CityView = {
    id: manifest.id,
    name: manifest.name,
    timezone: manifest.timezone,
    ...(manifest.locale ? { locale: manifest.locale } : {}),
    center: manifest.center,
    zoom: manifest.zoom,
    pitch: manifest.pitch,
    bearing: manifest.bearing,
    bbox: manifest.bbox,
    attributions: manifest.attributions,
    basemap: basemap.status === 'none' ? { status: 'none' } : { status: basemap.status, file: basemap.file },
    ...(basemap.status === 'ok' ? { basemapUrl: basemapUrl(manifest.id) } : {}),
    buildings: buildings ? { url: CITY_BUILDINGS_PATH, count: buildings.features.length } : null,
    districts,
  };
  const cityBody = cached(cityModel);
  const buildingsBody = buildings ? cached(buildings) : null;

  app.get(
    '/city',
    {
      schema: {
        summary:
          'The city model: camera, bounding box, districts (GeoJSON), basemap status and URL, buildings URL, attributions',
      },
    },
    (req, reply) => send(req, reply, cityBody),
  );

  app.get(
    '/city/buildings',
    {
      schema: {
        summary: "The city pack's building footprints (GeoJSON, `height` in metres); 404 when it has none",
      },
    },
    (req, reply) => {
      if (!buildingsBody)
        return reply
          .code(404)
          .send({ error: 'Not Found', message: `the city pack "${manifest.id}" has no buildings` });
      return send(req, reply, buildingsBody);
    },
  );
};
