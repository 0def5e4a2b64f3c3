import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { CityView } from '@twin/city';
import { DepartmentSchema } from '@twin/domain';
import { listDepartments } from '../../db/departments.js';

/** Reference data: the department registry and the city model (camera, districts, attributions). */
export const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/departments',
    {
      schema: {
        summary: 'The city’s departments: the pack’s in pack order, then unlisted ones by id',
        description:
          'A department the city pack does not list is registered as unlisted (`listed: false`, named by its id, ' +
          'a muted colour derived from its id) when its first incident event or sensor is stored.',
        response: { 200: Type.Array(DepartmentSchema) },
      },
    },
    // NOTE: from the primary, not the replica: a browser that just met a new department id in the live feed
    // asks here, and the registration committed with that data.
    async () => listDepartments(app.pool),
  );

  const { manifest, districts } = app.city;
  const cityModel: CityView = {
    id: manifest.id,
    name: manifest.name,
    timezone: manifest.timezone,
    center: manifest.center,
    zoom: manifest.zoom,
    pitch: manifest.pitch,
    bearing: manifest.bearing,
    bbox: manifest.bbox,
    attributions: manifest.attributions,
    basemapUrl: `/tiles/${manifest.id}.pmtiles`,
    districts,
  };
  app.get(
    '/city',
    {
      schema: {
        summary: 'The city model: camera, bounding box, districts (GeoJSON), basemap URL, attributions',
        response: {
          200: Type.Object({ id: Type.String(), name: Type.String() }, { additionalProperties: true }),
        },
      },
    },
    async () => cityModel,
  );
};
