/** twin-config: the settings, the city pack and the admin API token everything else reads. */
import { CityPackError } from '@twin/city';
import { type CityPack, loadCityPack } from '@twin/city/node';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type AdminToken, resolveAdminToken } from '../admin-token.js';
import type { Config } from '../config.js';
import { StartupError } from '../startup-error.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    city: CityPack;
    adminToken: AdminToken;
  }
}

/** A city pack the service cannot run on: each problem on a line of its own, no stack trace. */
export class CityPackStartupError extends StartupError {}

async function loadCityPackForStart(dir: string): Promise<CityPack> {
  try {
    return await loadCityPack(dir);
  } catch (err) {
    if (err instanceof CityPackError)
      throw new CityPackStartupError(
        `the city pack at ${dir} cannot be used (docs/city-packs.md):\n  - ${err.problems.join('\n  - ')}`,
      );
    if (err instanceof Error && err.message.startsWith('no city pack at'))
      throw new CityPackStartupError(err.message);
    throw err;
  }
}

/** Said once at start, so a missing basemap is noticed before anyone wonders why the map is plain. */
function logBasemap(app: FastifyInstance, city: CityPack): void {
  const { basemap, manifest } = city;
  if (basemap.status === 'missing')
    app.log.warn(
      `city pack "${manifest.id}": basemap ${basemap.file} is missing (expected ${basemap.path}); the map shows districts and buildings only (docs/city-packs.md, "Making a basemap")`,
    );
  else if (basemap.status === 'none')
    app.log.info(`city pack "${manifest.id}" has no basemap: the map shows districts and buildings only`);
}

export const configPlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    app.decorate('config', config);
    const city = await loadCityPackForStart(config.cityDir);
    app.decorate('city', city);
    logBasemap(app, city);
    app.decorate('adminToken', await resolveAdminToken(config.adminToken, config.dataDir));
  },
  { name: 'twin-config', fastify: '5.x' },
);
