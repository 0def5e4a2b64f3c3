import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { CityView } from '@twin/city';
import { DEPARTMENTS, DepartmentSchema } from '@twin/domain';

/** Static-ish reference data: departments and the city model (camera, districts, attributions). */
export const catalogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/departments',
    {
      schema: {
        summary: 'Departments with their display colours',
        response: { 200: Type.Array(DepartmentSchema) },
      },
    },
    async () => [...DEPARTMENTS],
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
