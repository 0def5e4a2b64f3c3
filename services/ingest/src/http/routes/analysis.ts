/** `GET /analysis`: what an analyst reads off a window (domain window-analysis.ts; SQL in db/analysis.ts). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { WindowAnalysisSchema } from '@twin/domain';
import { readWindowAnalysis } from '../../db/analysis.js';
import { DepartmentFilterProp, ReplayWindowProps, replayWindow } from '../replay-params.js';
import { ErrorResponse } from '../schemas.js';

export const analysisRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/analysis',
    {
      schema: {
        summary: 'Counts and response times of the incidents opened in a window',
        description:
          'Incidents opened in [from, to] (of one department, owner or assisting, with `department`): by owning ' +
          'department × UTC hour, by district, by category; per owning department the time from opening to ' +
          'acknowledgement, first dispatch, first unit on scene and resolution as median and 90th percentile ' +
          '(seconds), with how many incidents had no such time (`missing`).',
        querystring: Type.Object(
          { ...ReplayWindowProps, ...DepartmentFilterProp },
          { additionalProperties: false },
        ),
        response: { 200: WindowAnalysisSchema, 400: ErrorResponse },
      },
    },
    async (req) => {
      const { from, to } = replayWindow(req.query);
      return readWindowAnalysis(app.readPool, { from, to, department: req.query.department });
    },
  );
};
