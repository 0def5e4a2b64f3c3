/**
 * Where things are, as the API says it: the placement fields every incident and sensor view carries, and
 * the per-area counts (GET /api/v1/areas/…). Defined once as TypeBox schemas; the server's response schemas
 * are these objects and the types are `Static<…>` of them.
 *
 * The unit of area accounting is (district, grid cell): a cell that straddles a district boundary is two
 * units, so a district's counts are exactly the sums of its cells'. A position in no district is outside
 * the city (kept, flagged, counted apart); no position at all is neither in nor outside.
 */
import { type Static, Type } from '@sinclair/typebox';
import { Nullable } from './incident-state.js';

/** Spread into a view's properties: its district, grid cell and whether it lies outside the city. */
export const PlacementProperties = {
  /** The city-pack district containing the position; null outside the city or without a position. */
  district: Nullable(Type.String()),
  /** The grid cell `row:col` of the position (grid.cellMeters of the city pack); null without a position. */
  cell: Nullable(Type.String()),
  /** A position in no district of the city. False when there is no position at all. */
  outsideCity: Type.Boolean(),
};

/** [west, south, east, north] in degrees. */
export const BoundsSchema = Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()]);

/**
 * What is counted for an area over a window [from, to).
 * - incidentsOpened: incidents whose openedAt is in [from, to);
 * - incidentsOpenAtEnd: incidents open at the window's end: opened before `to` and not resolved (or closed)
 *   before `to`. Read from each incident's current state: one resolved and later reopened counts as open
 *   from its opening on;
 * - sensors: registered sensors placed there now (sensors are not windowed).
 */
export const AreaCountsSchema = Type.Object({
  incidentsOpened: Type.Integer(),
  incidentsOpenAtEnd: Type.Integer(),
  sensors: Type.Integer(),
});
export type AreaCounts = Static<typeof AreaCountsSchema>;

export const DistrictCountsSchema = Type.Object({ district: Type.String(), ...AreaCountsSchema.properties });
export type DistrictCounts = Static<typeof DistrictCountsSchema>;

export const AreaWindowSchema = Type.Object({
  /** Epoch ms, inclusive. */
  from: Type.Number(),
  /** Epoch ms, exclusive. */
  to: Type.Number(),
  /** The city's grid size. */
  cellMeters: Type.Number(),
});

export const DistrictCountsResponseSchema = Type.Object({
  ...AreaWindowSchema.properties,
  /** Every district of the city, in the pack's order, zeros included. */
  districts: Type.Array(DistrictCountsSchema),
  /** Positions in no district. */
  outsideCity: AreaCountsSchema,
  /** Incidents with no position yet (sensors always have one). */
  withoutLocation: AreaCountsSchema,
});
export type DistrictCountsResponse = Static<typeof DistrictCountsResponseSchema>;

export const CellCountsSchema = Type.Object({
  /** null: the part of the cell outside the city. */
  district: Nullable(Type.String()),
  cell: Type.String(),
  /** The whole grid cell's rectangle (not clipped to the district), to draw it. */
  bounds: BoundsSchema,
  ...AreaCountsSchema.properties,
});
export type CellCounts = Static<typeof CellCountsSchema>;

export const CellCountsResponseSchema = Type.Object({
  ...AreaWindowSchema.properties,
  /** The district asked for, or null for every unit (those outside the city included). */
  district: Nullable(Type.String()),
  /** Units with anything to count, by district (pack order, outside last) then cell. */
  cells: Type.Array(CellCountsSchema),
});
export type CellCountsResponse = Static<typeof CellCountsResponseSchema>;
