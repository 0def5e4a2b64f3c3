/** twin-config: the settings, the city pack and the admin API token everything else reads. */
import { type CityPack, loadCityPack } from '@twin/city/node';
import fp from 'fastify-plugin';
import { type AdminToken, resolveAdminToken } from '../admin-token.js';
import type { Config } from '../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    city: CityPack;
    adminToken: AdminToken;
  }
}

export const configPlugin = fp<{ config: Config }>(
  async (app, { config }) => {
    app.decorate('config', config);
    app.decorate('city', await loadCityPack(config.cityDir));
    app.decorate('adminToken', await resolveAdminToken(config.adminToken, config.dataDir));
  },
  { name: 'twin-config', fastify: '5.x' },
);
