/**
 * The simulated sensor fleet: a pure function of (city, seed, count, interval). Ids depend only on those, so a
 * restart re-publishes the same retained registrations instead of leaving orphaned sensors on the broker.
 */
import type { SensorMetaPayload } from '@twin/domain';
import { castOf, departmentFor } from './city-departments.js';
import { randomCityPoint, type SimCity, slug } from './city-points.js';
import { createRng, hashSeed, pickWeighted, randRange } from './prng.js';

export const SENSOR_KINDS = {
  'air-quality': {
    short: 'aq',
    label: 'Air quality',
    department: 'environment',
    units: { pm25: 'µg/m³', no2: 'ppb' },
    weight: 14,
  },
  noise: { short: 'nz', label: 'Noise', department: 'environment', units: { dba: 'dB(A)' }, weight: 11 },
  weather: {
    short: 'wx',
    label: 'Weather',
    department: 'environment',
    units: { temp_c: '°C', humidity_pct: '%' },
    weight: 5,
  },
  'traffic-flow': {
    short: 'tf',
    label: 'Traffic flow',
    department: 'transport',
    units: { vehicles_per_min: 'veh/min', speed_kmh: 'km/h' },
    weight: 18,
  },
  parking: {
    short: 'pk',
    label: 'Parking occupancy',
    department: 'transport',
    units: { occupancy_pct: '%' },
    weight: 13,
  },
  'water-pressure': {
    short: 'wp',
    label: 'Water pressure',
    department: 'water',
    units: { pressure_kpa: 'kPa' },
    weight: 12,
  },
  'water-level': {
    short: 'wl',
    label: 'Flood level',
    department: 'water',
    units: { level_cm: 'cm' },
    weight: 8,
  },
  streetlight: {
    short: 'sl',
    label: 'Street-light power',
    department: 'public-works',
    units: { power_w: 'W' },
    weight: 15,
  },
} as const satisfies Record<
  string,
  { short: string; label: string; department: string; units: Record<string, string>; weight: number }
>;

export type SensorKind = keyof typeof SENSOR_KINDS;

export interface SimSensor {
  sensorId: string;
  kind: SensorKind;
  department: string;
  name: string;
  lat: number;
  lon: number;
  district: string;
  units: Record<string, string>;
  /** This sensor's own reporting period: the base interval with a fixed per-sensor jitter. */
  intervalMs: number;
  /** Null when the sensor publishes on its own topic. */
  gatewayId: string | null;
  /** 0–1, fixes the sensor's character (busy road vs quiet street, high vs low pressure zone). */
  site: number;
}

export interface FleetOptions {
  seed: number;
  sensorCount: number;
  readingIntervalMs: number;
  /** Share of sensors behind a gateway. */
  gatewayShare?: number;
}

const KIND_CHOICES = (Object.keys(SENSOR_KINDS) as SensorKind[]).map((kind) => ({
  weight: SENSOR_KINDS[kind].weight,
  value: kind,
}));

export function generateFleet(city: SimCity, opts: FleetOptions): SimSensor[] {
  const rng = createRng(hashSeed(opts.seed, 'fleet', city.id));
  const gatewayShare = opts.gatewayShare ?? 1 / 3;
  const perKind = new Map<SensorKind, number>();
  // NOTE: a kind whose role no department of the city plays reports to the city's first department.
  const fallbackDepartment = castOf(city.departments)[0]?.id ?? 'environment';
  const sensors: SimSensor[] = [];
  for (let i = 0; i < opts.sensorCount; i++) {
    const kind = pickWeighted(rng, KIND_CHOICES);
    const spec = SENSOR_KINDS[kind];
    const n = (perKind.get(kind) ?? 0) + 1;
    perKind.set(kind, n);
    const point = randomCityPoint(rng, city);
    const code = `${spec.short.toUpperCase()}-${String(n).padStart(3, '0')}`;
    const viaGateway = rng() < gatewayShare;
    sensors.push({
      sensorId: `sim-${city.id}-${spec.short}-${String(n).padStart(3, '0')}`,
      kind,
      department: departmentFor(city.departments, spec.department) ?? fallbackDepartment,
      name: `${spec.label} ${code} · ${point.district} (simulated)`,
      lat: point.lat,
      lon: point.lon,
      district: point.district,
      units: { ...spec.units },
      intervalMs: Math.round(opts.readingIntervalMs * randRange(rng, 0.8, 1.2)),
      // NOTE: one gateway per district, as a LoRaWAN-style concentrator would serve a neighbourhood.
      gatewayId: viaGateway ? `sim-${city.id}-gw-${slug(point.district)}` : null,
      site: rng(),
    });
  }
  return sensors;
}

export function sensorMeta(sensor: SimSensor): SensorMetaPayload {
  return {
    name: sensor.name,
    kind: sensor.kind,
    department: sensor.department,
    lat: sensor.lat,
    lon: sensor.lon,
    units: sensor.units,
    intervalS: Math.round(sensor.intervalMs / 100) / 10,
    simulated: true,
  };
}
