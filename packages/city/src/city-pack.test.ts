import { describe, expect, it } from 'vitest';
import { validateManifest } from './city-pack.js';

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
  departments: [{ id: 'fire', name: 'Fire', shortName: 'Fire', color: '#ff5238', icon: 'fire' }],
  attributions: [{ text: '© OpenStreetMap contributors' }],
};

describe('validateManifest', () => {
  it('returns a complete manifest unchanged', () => {
    expect(validateManifest(valid)).toEqual(valid);
  });

  it('fills in defaults for optional fields', () => {
    const { timezone: _t, zoom: _z, pitch: _p, bearing: _b, ...minimal } = valid;
    const manifest = validateManifest({ ...minimal, districts: { file: 'd.geojson' } });
    expect(manifest.timezone).toBe('UTC');
    expect(manifest.zoom).toBe(12);
    expect(manifest.pitch).toBe(45);
    expect(manifest.bearing).toBe(0);
    expect(manifest.districts).toEqual({ file: 'd.geojson', nameProperty: 'name' });
  });

  it.each([
    ['id', { id: undefined }],
    ['id', { id: 'San Francisco' }],
    ['id', { id: '1sf' }],
    ['name', { name: 42 }],
    ['center', { center: [1] }],
    ['center', { center: 'middle' }],
    ['bbox', { bbox: [1, 2, 3] }],
    ['basemap', { basemap: undefined }],
    ['districts.file', { districts: undefined }],
    ['districts.file', { districts: { nameProperty: 'name' } }],
    ['attributions', { attributions: 'OSM' }],
  ])('names %s when it is missing or invalid', (field, patch) => {
    const manifest: Record<string, unknown> = { ...valid, ...patch };
    for (const [k, v] of Object.entries(patch)) if (v === undefined) delete manifest[k];
    expect(() => validateManifest(manifest)).toThrow(`city.json: missing or invalid ${field}`);
  });

  it('lists every problem at once', () => {
    expect(() => validateManifest({})).toThrow(
      'city.json: missing or invalid id, name, center, bbox, basemap, districts.file, attributions',
    );
  });

  it.each([null, undefined, 'sf', 42])('rejects a non-object (%j)', (value) => {
    expect(() => validateManifest(value)).toThrow(/not an object|missing or invalid/);
  });
});
