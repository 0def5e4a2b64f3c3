import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DepartmentSchema } from '@twin/domain';
import { listDepartments } from '../../db/departments.js';

/** Reference data: the department registry (the city model is in city.ts). */
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
};
