/**
 * Serves the built dashboard (with history-API fallback for its routes) and the city's PMTiles basemap
 * (byte ranges: the pmtiles client reads tiles with Range requests). Everything is local: no request of the
 * dashboard leaves the machine.
 */
import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const JS = /\.(m?js)$/;

/** Where the pack's PMTiles basemap is served (HTTP Range requests). */
export function basemapUrl(cityId: string): string {
  return `/tiles/${cityId}.pmtiles`;
}

export async function registerStaticFiles(app: FastifyInstance): Promise<void> {
  const { basemap, dir } = app.city;
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/__city-pack/',
    serve: false,
    decorateReply: true,
  });
  // NOTE: a pack without a basemap (or whose basemap file is missing) serves no tiles: GET /api/v1/city says
  // which, and the dashboard draws the city from its districts and buildings.
  if (basemap.status === 'ok') {
    app.get(basemapUrl(app.city.manifest.id), { schema: { hide: true } }, (_req, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return reply.sendFile(basemap.file, dir);
    });
  }

  const dist = app.config.dashboardDir;
  const built = existsSync(`${dist}/index.html`);
  if (built) {
    await app.register(fastifyStatic, {
      root: dist,
      prefix: '/',
      decorateReply: false,
      index: ['index.html'],
      wildcard: true,
      // NOTE: MapLibre 6 starts its worker as an ES module; browsers refuse a module script of another type.
      setHeaders: (res, path) => {
        if (JS.test(path)) res.setHeader('content-type', 'text/javascript; charset=utf-8');
        if (path.includes('/assets/')) res.setHeader('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }

  app.setNotFoundHandler((req, reply) => {
    const isPage =
      req.method === 'GET' &&
      !req.url.startsWith('/api/') &&
      (req.headers.accept ?? '').includes('text/html');
    if (isPage && built) return reply.type('text/html').sendFile('index.html', dist);
    if (isPage) {
      return reply
        .code(503)
        .type('text/html')
        .send(
          '<h1>Dashboard not built</h1><p>Run <code>pnpm build</code> (or <code>pnpm start</code>, which builds it).</p>',
        );
    }
    return reply
      .code(404)
      .send({ error: 'Not Found', message: `${req.method} ${req.url.slice(0, 200)} not found` });
  });
}
