/** Random positions inside a city's districts (rejection sampling over the districts' bounding box). */
import type { DistrictCollection, DistrictIndex } from '@twin/city';
import type { SimDepartment } from './city-departments.js';
import type { Rng } from './prng.js';

/** What the generators need from a city pack; a subset so tests and other feeds can build one cheaply. */
export interface SimCity {
  id: string;
  timezone: string;
  districts: DistrictCollection;
  districtIndex: DistrictIndex;
  /** The pack's departments and the parts they play; absent = the built-in seven (city-departments.ts). */
  departments?: readonly SimDepartment[];
}

export interface CityPoint {
  lat: number;
  lon: number;
  district: string;
}

type BBox = [number, number, number, number];

const bboxCache = new WeakMap<DistrictCollection, BBox>();

function districtsBBox(districts: DistrictCollection): BBox {
  const cached = bboxCache.get(districts);
  if (cached) return cached;
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const feature of districts.features) {
    const rings =
      feature.geometry.type === 'Polygon'
        ? feature.geometry.coordinates
        : feature.geometry.coordinates.flat();
    for (const ring of rings) {
      for (const [x, y] of ring as [number, number][]) {
        box[0] = Math.min(box[0], x);
        box[1] = Math.min(box[1], y);
        box[2] = Math.max(box[2], x);
        box[3] = Math.max(box[3], y);
      }
    }
  }
  if (!Number.isFinite(box[0])) throw new Error('the city pack has no district polygons');
  bboxCache.set(districts, box);
  return box;
}

const MAX_ATTEMPTS = 10_000;

/**
 * A uniform point over the city's land area. Uniform in area rather than per district, so large districts
 * get more sensors and incidents, as they would in a real city.
 */
export function randomCityPoint(rng: Rng, city: SimCity): CityPoint {
  const [west, south, east, north] = districtsBBox(city.districts);
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    // NOTE: 6 decimals (~0.1 m) keeps payloads short; the rounded point is the one checked.
    const lon = round6(west + rng() * (east - west));
    const lat = round6(south + rng() * (north - south));
    const district = city.districtIndex.locate(lon, lat);
    if (district) return { lat, lon, district };
  }
  throw new Error(`no point inside a district after ${MAX_ATTEMPTS} attempts`);
}

/** A point near `origin` (within ~`meters`), falling back to anywhere in the city when it lands outside. */
export function randomPointNear(
  rng: Rng,
  city: SimCity,
  origin: { lat: number; lon: number },
  meters: number,
): CityPoint {
  for (let i = 0; i < 50; i++) {
    const dLat = ((rng() * 2 - 1) * meters) / 111_320;
    const dLon = ((rng() * 2 - 1) * meters) / (111_320 * Math.cos((origin.lat * Math.PI) / 180));
    const lat = round6(origin.lat + dLat);
    const lon = round6(origin.lon + dLon);
    const district = city.districtIndex.locate(lon, lat);
    if (district) return { lat, lon, district };
  }
  return randomCityPoint(rng, city);
}

export function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** District names become id segments: lower-case words joined by dashes. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'x'
  );
}
