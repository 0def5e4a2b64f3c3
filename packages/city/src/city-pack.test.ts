import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CityPackError, validateManifest } from './city-pack.js';
import { cityPackJsonSchema } from './city-pack-schema.js';

const valid = {
  id: 'sf',
  name: 'San Francisco',
  timezone: 'America/Los_Angeles',
  center: [-122.433, 37.764],
  zoom: 12.4,
  pitch: 55,
  bearing: -17,
  bbox: [-122.52, 37.7, -122.35, 37.83],
  basemap: 'sf.pmtiles',
  districts: { file: 'sf-neighborhoods.geojson', nameProperty: 'name' },
  grid: { cellMeters: 250 },
  departments: [
    { id: 'fire', name: 'Fire', shortName: 'Fire', color: '#ff5238', icon: 'fire' },
    { id: 'ems', name: 'Emergency Medical', shortName: 'EMS', color: '#ffc400', icon: 'ambulance' },
    { id: 'police', name: 'Police', shortName: 'Police', color: '#408cff', icon: 'shield' },
  ],
  attributions: [{ text: '© OpenStreetMap contributors', url: 'https://www.openstreetmap.org/copyright' }],
};

function problemsOf(value: unknown): string[] {
  try {
    validateManifest(value);
  } catch (err) {
    expect(err).toBeInstanceOf(CityPackError);
    return (err as CityPackError).problems;
  }
  throw new Error('expected the manifest to be refused');
}

function patched(patch: Record<string, unknown>): Record<string, unknown> {
  const manifest: Record<string, unknown> = structuredClone(valid);
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete manifest[k];
    else manifest[k] = v;
  }
  return manifest;
}

describe('validateManifest', () => {
  it('returns a complete manifest unchanged (an absent open311 section is an empty one)', () => {
    expect(validateManifest(valid)).toEqual({ ...valid, open311: { services: [] } });
  });

  it('keeps response-time targets, and refuses one that is not a positive number of seconds', () => {
    const targets = { acknowledgeS: 180, onSceneS: 480 };
    const withTargets = patched({ departments: [{ ...valid.departments[0], targets }] });
    expect(validateManifest(withTargets).departments[0]?.targets).toEqual(targets);
    const zero = problemsOf(
      patched({ departments: [{ ...valid.departments[0], targets: { dispatchS: 0 } }] }),
    );
    expect(zero.join('; ')).toContain('departments[0].targets.dispatchS: must be');
    expect(zero.join('; ')).toContain('greater than 0');
    const typo = problemsOf(
      patched({ departments: [{ ...valid.departments[0], targets: { onScene: 480 } }] }),
    );
    expect(typo.join('; ')).toContain('onScene');
  });

  it('fills in defaults for optional fields; a pack without basemap or buildings is valid', () => {
    const manifest = validateManifest(
      patched({
        timezone: undefined,
        zoom: undefined,
        pitch: undefined,
        bearing: undefined,
        basemap: undefined,
        districts: { file: 'd.geojson' },
      }),
    );
    expect(manifest).toMatchObject({ timezone: 'UTC', zoom: 12, pitch: 45, bearing: 0 });
    expect(manifest.districts).toEqual({ file: 'd.geojson', nameProperty: 'name' });
    expect(manifest.basemap).toBeUndefined();
    expect(manifest.buildings).toBeUndefined();
    // No locale: the viewer's browser decides how dates are written.
    expect(manifest.locale).toBeUndefined();
    expect(validateManifest(patched({ locale: 'de-DE' })).locale).toBe('de-DE');
    expect(validateManifest(patched({ buildings: { file: 'b.geojson' } })).buildings).toEqual({
      file: 'b.geojson',
      heightProperty: 'height',
    });
  });

  it.each([
    ['id: missing', { id: undefined }],
    ['id: must be the pack id', { id: 'San Francisco' }],
    ['name: must be a string', { name: 42 }],
    ['center: must be [longitude, latitude]', { center: [1] }],
    ['bbox: must be [west, south, east, north]', { bbox: [1, 2, 3] }],
    ['bbox: must be [west, south, east, north] with west < east', { bbox: [-122.35, 37.7, -122.52, 37.83] }],
    ['center: [-122.433, 37.764] must lie inside bbox', { bbox: [-122.52, 37.7, -122.45, 37.83] }],
    ['center[0]: 500 is outside the accepted range of ±180', { center: [500, 37.7] }],
    [
      'timezone: must be an IANA time zone such as "Europe/Berlin" (got "Mars/Olympus")',
      { timezone: 'Mars/Olympus' },
    ],
    ['locale: must be a BCP 47 locale such as "en-US" (got "en_US!")', { locale: 'en_US!' }],
    ['pitch: must be a number from 0 to 70', { pitch: 85 }],
    ['basemap: must be a file name inside the pack folder', { basemap: '../../etc/passwd' }],
    ['districts: missing', { districts: undefined }],
    ['districts.file: missing', { districts: { nameProperty: 'name' } }],
    ['buildings.file: missing', { buildings: { heightProperty: 'h' } }],
    ['grid: missing', { grid: undefined }],
    ['grid.cellMeters: must be a number from 10 to 100000', { grid: { cellMeters: 1 } }],
    ['departments: missing', { departments: undefined }],
    ['attributions: must be an array', { attributions: 'OSM' }],
    ['attributions[0].url: must be an http(s) URL', { attributions: [{ text: 'x', url: 'javascript:1' }] }],
    ['basemaps: unexpected field', { basemaps: 'sf.pmtiles' }],
  ])('names the field: %s', (expected, patch) => {
    const problems = problemsOf(patched(patch));
    expect(problems.join('\n')).toContain(`city.json: ${expected}`);
  });

  it.each([
    ['departments[2].color: must be "#rrggbb"', { color: 'blue' }],
    ['departments[2].id: must be a department id', { id: 'Police Dept' }],
    ['departments[2].shortName: missing', { shortName: undefined }],
    ['departments[2].icon: must be an icon name', { icon: 'Shield Icon' }],
  ])('names the department field: %s', (expected, patch) => {
    const departments = structuredClone(valid.departments) as Record<string, unknown>[];
    const d = departments[2]!;
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete d[k];
      else d[k] = v;
    }
    expect(problemsOf(patched({ departments })).join('\n')).toContain(`city.json: ${expected}`);
  });

  it('refuses a department id listed twice, naming both places', () => {
    const departments = [...valid.departments, { ...valid.departments[0]!, name: 'Fire again' }];
    expect(problemsOf(patched({ departments }))).toContain(
      'city.json: departments[3].id: "fire" repeats departments[0]',
    );
  });

  it('lists every problem at once, schema and cross-field rules together', () => {
    const departments = structuredClone(valid.departments);
    departments[2]!.color = 'red';
    const problems = problemsOf(patched({ bbox: [10, 0, 5, 1], departments, name: undefined }));
    expect(problems).toEqual(
      expect.arrayContaining([
        'city.json: name: missing',
        expect.stringContaining('city.json: departments[2].color: must be "#rrggbb"'),
        'city.json: bbox: must be [west, south, east, north] with west < east and south < north',
      ]),
    );
  });

  it('reads Open311 services, and serves none when the pack has no open311 section', () => {
    expect(validateManifest(valid).open311).toEqual({ services: [] });
    const service = {
      code: 'pothole',
      name: 'Pothole',
      description: 'A hole in the street.',
      department: 'fire',
      category: 'Street Defect',
      group: 'Streets',
    };
    expect(validateManifest(patched({ open311: { services: [service] } })).open311.services).toEqual([
      service,
    ]);
  });

  it('refuses Open311 services with a repeated code, an unknown department or a bad code', () => {
    const service = {
      code: 'pothole',
      name: 'Pothole',
      description: 'A hole in the street.',
      department: 'fire',
      category: 'Street Defect',
      group: 'Streets',
    };
    const problems = problemsOf(
      patched({
        open311: {
          services: [service, { ...service, department: 'parks' }, { ...service, code: 'Pot Hole' }],
        },
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'city.json: open311.services[1].code: "pothole" repeats open311.services[0]',
        expect.stringContaining('city.json: open311.services[1].department: "parks" is not one of the pack'),
        expect.stringContaining('city.json: open311.services[2].code: must be a service code'),
      ]),
    );
  });

  it.each([null, 'sf', 42, []])('refuses a city.json that is not an object (%j)', (value) => {
    expect(problemsOf(value)[0]).toMatch(/^city\.json: must be a JSON object/);
  });
});

describe('docs/city-pack.schema.json', () => {
  it('is the schema in the code (run `pnpm city schema` after changing city-pack-schema.ts)', () => {
    const committed = readFileSync(new URL('../../../docs/city-pack.schema.json', import.meta.url), 'utf8');
    expect(committed).toBe(cityPackJsonSchema());
  });

  it('describes every field of the manifest', () => {
    const schema = JSON.parse(cityPackJsonSchema()) as {
      properties: Record<string, unknown>;
      required: string[];
    };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        'id',
        'name',
        'timezone',
        'center',
        'bbox',
        'zoom',
        'pitch',
        'bearing',
        'districts',
        'buildings',
        'basemap',
        'grid',
        'departments',
        'attributions',
      ]),
    );
    expect(schema.required).not.toContain('basemap');
    expect(schema.required).not.toContain('buildings');
  });
});
