/**
 * Counts per area over a window: per district (GET /areas/districts) and per (district, grid cell) unit
 * (GET /areas/cells). A district's counts are exactly the sums of its cells'. What is counted is defined
 * once in the domain (areas.ts) and repeated here only as OpenAPI text.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { CellCountsResponseSchema, DistrictCountsResponseSchema } from '@twin/domain';
import { type AreaQuery, cellCounts, districtCounts } from '../../db/area-counts.js';
import { BadRequestError } from '../errors.js';
import { parseBoundedWindow, parseCategory } from '../query-params.js';
import { CategoryParam, ErrorResponse, WindowQueryProps } from '../schemas.js';

/** Without `from`, the day before `to` (which defaults to now). */
const DEFAULT_WINDOW_MS = 24 * 3600_000;

const COUNTS_TEXT =
  'Window [from, to): `to` defaults to now, `from` to 24 h before `to`; from must be before to. Per area: ' +
  '`incidentsOpened` = incidents opened in the window; `incidentsOpenAtEnd` = incidents open at the end of ' +
  'the window (opened before `to` and not resolved or closed before `to`, read from their current state: an ' +
  'incident resolved and later reopened counts as open from its opening on); `sensors` = registered sensors ' +
  'placed there now (not windowed). `department` keeps incidents that department owns or assists with, and ' +
  "that department's sensors; `category` filters incidents only. The unit of area is (district, grid cell): " +
  'a grid cell that straddles a district boundary is two units, one per district, so a district counts ' +
  'exactly the sum of its cells. Positions in no district are outside the city; incidents with no position ' +
  'yet are neither in nor outside.';

const FilterProps = {
  ...WindowQueryProps,
  department: Type.Optional(
    Type.String({ minLength: 1, maxLength: 40, description: 'owner or assisting department' }),
  ),
  category: Type.Optional(CategoryParam),
};

export const areaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { places } = app.city;
  const query = (q: { from?: string; to?: string; department?: string; category?: string }): AreaQuery => ({
    ...parseBoundedWindow(q, { now: Date.now(), spanMs: DEFAULT_WINDOW_MS }),
    department: q.department,
    category: parseCategory(q.category),
  });

  app.get(
    '/areas/districts',
    {
      schema: {
        summary: 'Incident and sensor counts per district over a window, plus outside the city and unplaced',
        description: `${COUNTS_TEXT} Every district of the city pack is listed, zeros included; \`outsideCity\` counts positions in no district, \`withoutLocation\` incidents with no position.`,
        querystring: Type.Object(FilterProps, { additionalProperties: false }),
        response: { 200: DistrictCountsResponseSchema, 400: ErrorResponse },
      },
    },
    async (req) => districtCounts(app.readPool, places, query(req.query)),
  );

  app.get(
    '/areas/cells',
    {
      schema: {
        summary:
          'Incident and sensor counts per (district, grid cell) over a window, with each cell’s bounds',
        description: `${COUNTS_TEXT} Only units with something to count are listed. \`bounds\` is the whole grid cell ([west, south, east, north], not clipped to the district). Without \`district\`, every unit is listed, those outside the city with \`district: null\`. The grid size is the city pack's \`grid.cellMeters\` (\`cellMeters\` in the answer).`,
        querystring: Type.Object(
          {
            ...FilterProps,
            district: Type.Optional(
              Type.String({ minLength: 1, maxLength: 100, description: 'one district of the city pack' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: CellCountsResponseSchema, 400: ErrorResponse },
      },
    },
    async (req) => {
      const { district } = req.query;
      if (district !== undefined && !places.districtNames.includes(district))
        throw new BadRequestError(
          `district must be one of the city's districts (GET /api/v1/city lists them); got ${JSON.stringify(district.slice(0, 100))}`,
        );
      return cellCounts(app.readPool, places, { ...query(req.query), district });
    },
  );
};
