/**
 * The one definition of `city.json`. The validator checks packs against it, `docs/city-pack.schema.json` is
 * generated from it (a unit test fails when the committed file drifts), and docs/city-packs.md describes it.
 * Each pattern carries a `description` worded to complete "… must be <description>", because the validator
 * turns schema errors into plain sentences with it.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { CITY_ID_PATTERN, DEPARTMENT_ID_PATTERN } from '@twin/domain';

/** A file inside the pack folder: a plain name, no folders, no `..`. */
export const PACK_FILE_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$';
const fileName = (description: string) =>
  Type.String({
    pattern: PACK_FILE_NAME_PATTERN,
    description: `a file name inside the pack folder (letters, digits, . _ -; no folders) — ${description}`,
  });

const longitude = Type.Number({ minimum: -180, maximum: 180, description: 'longitude, degrees (WGS 84)' });
const latitude = Type.Number({ minimum: -90, maximum: 90, description: 'latitude, degrees (WGS 84)' });

/** A response-time target: the 90th percentile the department is judged against (a week at most). */
const targetSeconds = (measure: string) =>
  Type.Number({
    exclusiveMinimum: 0,
    maximum: 604_800,
    description: `seconds ${measure}: a number greater than 0 and at most 604800 (a week)`,
  });

export const PackDepartmentSchema = Type.Object(
  {
    id: Type.String({
      pattern: DEPARTMENT_ID_PATTERN,
      description: 'a department id: lower-case letters, digits and dashes, starting with a letter, ≤ 40',
    }),
    name: Type.String({ minLength: 1, maxLength: 80, description: 'the full name shown in panels' }),
    shortName: Type.String({ minLength: 1, maxLength: 16, description: 'the name shown in tight places' }),
    color: Type.String({
      pattern: '^#[0-9a-fA-F]{6}$',
      description: '"#rrggbb", a colour that stays distinguishable on a dark wall screen',
    }),
    icon: Type.String({
      pattern: '^[a-z][a-z0-9-]{0,31}$',
      description: 'an icon name in lower case (fire, ambulance, shield, wrench, bus, leaf, droplet, …)',
    }),
    targets: Type.Optional(
      Type.Object(
        {
          acknowledgeS: Type.Optional(targetSeconds('from the report to the acknowledgement')),
          dispatchS: Type.Optional(targetSeconds('from the report to the first unit dispatched')),
          onSceneS: Type.Optional(targetSeconds('from the report to the first unit on scene')),
        },
        {
          additionalProperties: false,
          description: 'response-time targets in seconds; the wall colours a 90th percentile over its target',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export const AttributionSchema = Type.Object(
  {
    text: Type.String({ minLength: 1, maxLength: 200, description: 'the credit the licence asks for' }),
    url: Type.Optional(
      Type.String({ pattern: '^https?://\\S+$', description: 'an http(s) URL', maxLength: 500 }),
    ),
  },
  { additionalProperties: false },
);

/** An Open311 service code: what a citizen's app sends as `service_code` (docs/open311.md). */
export const OPEN311_SERVICE_CODE_PATTERN = '^[a-z0-9][a-z0-9_-]{0,39}$';

/** One kind of problem citizens may report (Open311 GeoReport v2 "service"), owned by one department. */
export const Open311ServiceSchema = Type.Object(
  {
    code: Type.String({
      pattern: OPEN311_SERVICE_CODE_PATTERN,
      description:
        'a service code: lower-case letters, digits, _ and -, starting with a letter or digit, ≤ 40',
    }),
    name: Type.String({ minLength: 1, maxLength: 80, description: 'the name citizens pick from' }),
    description: Type.String({ minLength: 1, maxLength: 500, description: 'one or two plain sentences' }),
    department: Type.String({
      pattern: DEPARTMENT_ID_PATTERN,
      description: "the id of one of the pack's departments, which handles these reports",
    }),
    category: Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'the incident category its reports get (also how duplicates are found)',
    }),
    group: Type.String({ minLength: 1, maxLength: 80, description: 'the heading apps list it under' }),
    keywords: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 40, description: 'a search word' }), {
        maxItems: 20,
      }),
    ),
    severity: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 5, description: 'an incident severity from 1 to 5 (default 2)' }),
    ),
  },
  { additionalProperties: false },
);

export const CityPackSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String({ description: 'the JSON Schema this file follows (for editors)' })),
    id: Type.String({
      pattern: CITY_ID_PATTERN,
      maxLength: 40,
      description:
        'the pack id and folder name: lower-case letters, digits and dashes, starting with a letter',
    }),
    name: Type.String({ minLength: 1, maxLength: 80, description: 'the city name shown on screen' }),
    timezone: Type.Optional(
      Type.String({
        minLength: 1,
        description: 'an IANA time zone such as "Europe/Berlin" (default "UTC")',
      }),
    ),
    locale: Type.Optional(
      Type.String({
        minLength: 2,
        maxLength: 35,
        description:
          'how the city writes dates, times and numbers: a BCP 47 locale such as "en-US" (default: the browser\'s)',
      }),
    ),
    center: Type.Tuple([longitude, latitude], { description: '[longitude, latitude]' }),
    bbox: Type.Tuple([longitude, latitude, longitude, latitude], {
      description: '[west, south, east, north]',
    }),
    zoom: Type.Optional(Type.Number({ minimum: 0, maximum: 22, description: 'starting zoom (default 12)' })),
    pitch: Type.Optional(
      Type.Number({ minimum: 0, maximum: 70, description: 'starting tilt, degrees (default 45)' }),
    ),
    bearing: Type.Optional(
      Type.Number({ minimum: -180, maximum: 360, description: 'starting rotation, degrees (default 0)' }),
    ),
    districts: Type.Object(
      {
        file: fileName('a GeoJSON FeatureCollection of Polygon/MultiPolygon features'),
        nameProperty: Type.Optional(
          Type.String({
            minLength: 1,
            description: 'the property holding the district name (default "name")',
          }),
        ),
      },
      { additionalProperties: false },
    ),
    buildings: Type.Optional(
      Type.Object(
        {
          file: fileName('a GeoJSON FeatureCollection of building footprints'),
          heightProperty: Type.Optional(
            Type.String({
              minLength: 1,
              description: 'the property holding the height in metres (default "height")',
            }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    basemap: Type.Optional(fileName('a PMTiles v3 vector basemap (Protomaps schema)')),
    grid: Type.Object(
      {
        cellMeters: Type.Number({
          minimum: 10,
          maximum: 100_000,
          description: 'the grid cell size in metres (cells nest in districts)',
        }),
      },
      { additionalProperties: false },
    ),
    departments: Type.Array(PackDepartmentSchema, { maxItems: 200 }),
    rules: Type.Optional(
      fileName(
        'a JSON file {"rules": [...]} of rules (docs/rules.md), inserted at the first start and then edited by admins',
      ),
    ),
    attributions: Type.Array(AttributionSchema, { maxItems: 50 }),
    open311: Type.Optional(
      Type.Object(
        { services: Type.Array(Open311ServiceSchema, { maxItems: 200 }) },
        {
          additionalProperties: false,
          description: 'what citizens may report through Open311 GeoReport v2 (docs/open311.md)',
        },
      ),
    ),
  },
  {
    additionalProperties: false,
    title: 'City pack manifest (city.json)',
    description:
      'Everything the city twin needs to know about one city: data/cities/<id>/city.json. See docs/city-packs.md.',
  },
);

/** city.json as written on disk (optional fields may be absent). */
export type CityPackFile = Static<typeof CityPackSchema>;

/** The committed JSON Schema file's content: the TypeBox schema as plain JSON, stable key order. */
export function cityPackJsonSchema(): string {
  const plain = JSON.parse(JSON.stringify(CityPackSchema as TSchema)) as Record<string, unknown>;
  return `${JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...plain }, null, 2)}\n`;
}
