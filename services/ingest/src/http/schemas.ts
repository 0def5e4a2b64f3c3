/** Query and error schemas of the HTTP API (OpenAPI at /docs is generated from these and the domain's). */
import { Type } from '@sinclair/typebox';
import { MAX_CATEGORY_CHARS } from '@twin/domain';

export const ErrorResponse = Type.Object({ error: Type.String(), message: Type.String() });

// NOTE: the response schemas of departments, sensors and incidents are the domain's view schemas
// (IncidentViewSchema, SensorViewSchema, … in packages/domain/src/views.ts): one definition for the types
// and for what the serializer writes.

/**
 * A time in a query string. Only the length is checked here: the rules (and their plain-words 400 messages)
 * are in query-params.ts, the one place every route parses times, windows and boxes.
 */
export const TimeParam = Type.String({
  maxLength: 64,
  description:
    'epoch milliseconds (digits) or ISO-8601 date-time with a zone (e.g. 2024-05-01T12:00:00Z), ' +
    'between 1970-01-01 and 9999-12-31',
});

/**
 * `from`/`to` of a window; `from` must not be after `to` (query-params.ts: parseWindow). What a window
 * selects is each route's to say (incidents: open during it, db/incident-window.ts; dead letters: received in it).
 */
export const WindowQueryProps = {
  from: Type.Optional(TimeParam),
  to: Type.Optional(TimeParam),
};

/** A bounding box in a query string; rules in query-params.ts (parseBbox). */
export const BboxParam = Type.String({
  maxLength: 200,
  description:
    'west,south,east,north in degrees: longitudes in [-180, 180], latitudes in [-90, 90], west < east, south < north',
});

/** `?category=`: a category as written (`Noise - Residential`) or its key; both match by key. */
export const CategoryParam = Type.String({
  minLength: 1,
  // NOTE: room for a category of MAX_CATEGORY_CHARS characters sent percent-decoded as UTF-16.
  maxLength: 2 * MAX_CATEGORY_CHARS,
  description:
    'a category as written (`Noise - Residential`) or its key (`noise-residential`); both match by key',
});
