/**
 * The wall's boards: the figures a duty officer is judged by (GET /kpis) and every unit with its status
 * (GET /units). Both are "as of" the data clock: the wall clock for a live feed, the data's own time for a
 * historical one (domain data-time.ts), so a replayed month has sensible figures.
 */

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ResponseTargets } from '@twin/city';
import {
  ageReference,
  type DepartmentKpis,
  isHistorical,
  type KpiBoard,
  KpiBoardSchema,
  RESPONSE_MEASURES,
  type ResponseMeasure,
  UnitBoardSchema,
} from '@twin/domain';
import { readDataTimes } from '../../db/data-clock.js';
import { type DepartmentFigures, readDepartmentFigures } from '../../db/kpis.js';
import type { Queryable } from '../../db/pool.js';
import { readUnitBoard } from '../../db/unit-status.js';
import { ErrorResponse } from '../schemas.js';

/** The longest rolling window the board computes (a week): beyond it, use the history and exports. */
export const MAX_KPI_WINDOW_H = 168;

/**
 * How long one computed KPI board is served again. Every wall screen polls it, and on the embedded engine
 * the query (a few hundred ms there at 100k events, docs/architecture.md) holds the only connection the
 * writer has: screens share one computation per window instead of adding one each.
 */
export const KPI_REUSE_MS = 5_000;

const TARGET_FIELD: Record<ResponseMeasure, keyof ResponseTargets> = {
  acknowledge: 'acknowledgeS',
  dispatch: 'dispatchS',
  onScene: 'onSceneS',
};

/** The board's instant: the data clock (epoch ms). */
async function dataClockNow(db: Queryable): Promise<number> {
  const times = await readDataTimes(db);
  const now = Date.now();
  return ageReference({ dataTime: times.dataTime, historical: isHistorical(times, now) }, now);
}

/** A department's figures with its targets; over target when the 90th percentile is above it. */
export function withTargets(
  figures: DepartmentFigures,
  targets: ResponseTargets | undefined,
): DepartmentKpis {
  const responseTimes = Object.fromEntries(
    RESPONSE_MEASURES.map((m) => {
      const measured = figures.responseTimes[m];
      const targetS = targets?.[TARGET_FIELD[m]] ?? null;
      const overTarget = targetS !== null && measured.p90S !== null && measured.p90S > targetS;
      return [m, { ...measured, targetS, overTarget }];
    }),
  ) as DepartmentKpis['responseTimes'];
  // NOTE: hand-overs waiting are counted from the incidents' pending hand-over offers (the
  // handover_offered / handover_accepted / handover_declined events); incidents carry none yet, so it is 0.
  return { ...figures, handoversWaiting: 0, responseTimes };
}

export const boardRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const packTargets = new Map(app.city.manifest.departments.map((d) => [d.id, d.targets]));
  // NOTE: the promise is kept, so concurrent requests for a window wait for one query; a failure is not kept.
  const recent = new Map<number, { computedAt: number; board: Promise<KpiBoard> }>();
  const kpiBoard = async (windowH: number): Promise<KpiBoard> => {
    const windowS = windowH * 3600;
    const at = await dataClockNow(app.readPool);
    const figures = await readDepartmentFigures(app.readPool, at, windowS * 1000);
    return { at, windowS, departments: figures.map((f) => withTargets(f, packTargets.get(f.department))) };
  };

  app.get(
    '/kpis',
    {
      schema: {
        summary: 'Per department: open, new, critical, awaiting acknowledgement, and response times',
        description:
          "Every registered department (the city pack's in pack order, then unlisted ones). Counts are of the " +
          'incidents as they stand: open ones the department owns (`critical` severity 5, `high` ≥ 4), those ' +
          'opened in the last hour, those awaiting its acknowledgement, those it is asked to assist. Response ' +
          'times are over the incidents it owns that were opened in the last `windowH` hours: from the report to ' +
          'the acknowledgement, to the first unit dispatched and to the first unit on scene, as median and 90th ' +
          "percentile in seconds, with the pack's target; `overTarget` when the 90th percentile is above it. " +
          "`at` is the data clock: the wall clock for a live feed, the data's own time for a historical one. " +
          `A board is computed at most every ${KPI_REUSE_MS / 1000} seconds per window; screens polling within that share it.`,
        querystring: Type.Object(
          {
            windowH: Type.Integer({
              minimum: 1,
              maximum: MAX_KPI_WINDOW_H,
              default: 24,
              description: `the rolling window of the response times, in whole hours (1 to ${MAX_KPI_WINDOW_H})`,
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: KpiBoardSchema, 400: ErrorResponse },
      },
    },
    async (req) => {
      const { windowH } = req.query;
      const now = Date.now();
      const kept = recent.get(windowH);
      if (kept && now - kept.computedAt < KPI_REUSE_MS) return kept.board;
      const board = kpiBoard(windowH);
      recent.set(windowH, { computedAt: now, board });
      board.catch(() => recent.delete(windowH));
      return board;
    },
  );

  app.get(
    '/units',
    {
      schema: {
        summary: 'Every unit seen in the incident events, with its status, the incident it is on and where',
        description:
          'A unit is listed once it has worked an incident (dispatched, on scene, or a `unit_status` event). Its ' +
          'status is its latest news; a unit still engaged when its incident is resolved or closed is available ' +
          'from then, unless later news says otherwise. `incidentId` is null when it is available or out of ' +
          'service; `lat`/`lon` are the place of the incident it is on. The dashboard polls this board; incident ' +
          "changes on the live feed carry each incident's units and their status.",
        response: { 200: UnitBoardSchema },
      },
    },
    async () => {
      const at = await dataClockNow(app.readPool);
      return { at, units: await readUnitBoard(app.readPool) };
    },
  );
};
