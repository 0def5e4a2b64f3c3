import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { DEPARTMENTS, DepartmentSchema } from '@twin/domain';

/** Static-ish reference data: departments (the city model is in city.ts). */
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
};
