/**
 * Sensor values as a pure function of (sensor, time, seed): diurnal curves in the city's local time, a slow
 * site-specific drift and a little noise. Being pure, a value at any instant can be recomputed (tests, replays).
 */
import { hashUnit } from './prng.js';
import type { SimSensor } from './sensor-fleet.js';
import { type StormPlan, stormRiseCm } from './storm.js';

const hourFormatters = new Map<string, Intl.DateTimeFormat>();

/** Local time of day in hours (0–24, fractional) in an IANA zone; DST follows from Intl. */
export function localHour(ts: number, timezone: string): number {
  let fmt = hourFormatters.get(timezone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    hourFormatters.set(timezone, fmt);
  }
  let hour = 0;
  let minute = 0;
  for (const part of fmt.formatToParts(ts)) {
    if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  const seconds = (ts / 1000) % 60;
  return (hour + minute / 60 + seconds / 3600) % 24;
}

/** A bump centred at `peak` hours with width `width` hours, wrapping over midnight. */
function bump(hour: number, peak: number, width: number): number {
  const d = Math.min(Math.abs(hour - peak), 24 - Math.abs(hour - peak));
  return Math.exp(-(d * d) / (2 * width * width));
}

/** Daylight 0–1 with smooth dawn (~6:30) and dusk (~19:30). */
function daylight(hour: number): number {
  const rise = 1 / (1 + Math.exp(-(hour - 6.5) * 3));
  const set = 1 / (1 + Math.exp((hour - 19.5) * 3));
  return rise * set;
}

/** Noise in [-1, 1], triangular (sum of two uniforms), stable for a (sensor, metric, second). */
function noise(seed: number, sensorId: string, metric: string, ts: number): number {
  const second = Math.floor(ts / 1000);
  return hashUnit(seed, sensorId, metric, second) + hashUnit(seed, sensorId, metric, second, 'b') - 1;
}

/** Slow drift in [-1, 1] (weather fronts, demand changes): two sines with per-sensor phases. */
function drift(seed: number, sensorId: string, ts: number): number {
  const p1 = hashUnit(seed, sensorId, 'p1') * 2 * Math.PI;
  const p2 = hashUnit(seed, sensorId, 'p2') * 2 * Math.PI;
  const hours = ts / 3_600_000;
  return 0.6 * Math.sin((2 * Math.PI * hours) / 0.8 + p1) + 0.4 * Math.sin((2 * Math.PI * hours) / 3.3 + p2);
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x));

/** Traffic intensity 0–1: morning and evening commute peaks over a daytime plateau. */
function trafficLevel(hour: number): number {
  return clamp(
    0.08 + 0.45 * daylight(hour) + 0.45 * bump(hour, 8.5, 1.2) + 0.5 * bump(hour, 17.5, 1.5),
    0,
    1,
  );
}

export function sensorValues(
  sensor: SimSensor,
  ts: number,
  seed: number,
  timezone: string,
  /** The storm scenario (storm.ts): raises the water levels of one district now and then; null = none. */
  storm: StormPlan | null = null,
): Record<string, number> {
  const hour = localHour(ts, timezone);
  const id = sensor.sensorId;
  const n = (metric: string) => noise(seed, id, metric, ts);
  const d = drift(seed, id, ts);
  const site = sensor.site;
  switch (sensor.kind) {
    case 'air-quality': {
      const traffic = trafficLevel(hour);
      return {
        pm25: round(clamp(5 + 4 * site + 9 * traffic + 3 * d + 1.5 * n('pm25'), 0.5, 500), 1),
        no2: round(clamp(8 + 6 * site + 28 * traffic + 4 * d + 2 * n('no2'), 1, 400), 1),
      };
    }
    case 'noise':
      return {
        dba: round(clamp(44 + 8 * site + 22 * trafficLevel(hour) + 2 * d + 3 * n('dba'), 30, 120), 1),
      };
    case 'weather': {
      const warm = bump(hour, 15, 4);
      return {
        temp_c: round(10 + 7 * warm + 1.5 * d + 0.3 * n('temp_c'), 1),
        humidity_pct: round(clamp(85 - 25 * warm - 5 * d + 2 * n('humidity_pct'), 5, 100), 1),
      };
    }
    case 'traffic-flow': {
      const level = clamp(trafficLevel(hour) + 0.08 * d + 0.05 * n('flow'), 0, 1);
      const capacity = 20 + 50 * site;
      const freeFlow = 30 + 30 * site;
      return {
        vehicles_per_min: Math.round(clamp(capacity * level + 2 * n('vehicles'), 0, 200)),
        // NOTE: speed falls as the road fills up, so the two metrics stay consistent with each other.
        speed_kmh: round(clamp(freeFlow * (1 - 0.65 * level ** 2) + 3 * n('speed'), 3, 110), 1),
      };
    }
    case 'parking': {
      // Commercial sites fill by day; residential ones (low `site`) fill at night.
      const day = daylight(hour);
      const commercial = site > 0.5;
      const base = commercial ? 25 + 65 * day : 80 - 35 * day;
      return { occupancy_pct: round(clamp(base + 6 * d + 3 * n('occ'), 0, 100), 1) };
    }
    case 'water-pressure': {
      const demand = 0.6 * bump(hour, 7.5, 1.5) + 0.5 * bump(hour, 19.5, 2);
      return { pressure_kpa: round(clamp(400 + 120 * site - 45 * demand + 6 * d + 3 * n('p'), 150, 800), 1) };
    }
    case 'water-level': {
      // Storm drains near the bay follow the tide (12.42 h period) a little.
      const tide = Math.sin((2 * Math.PI * (ts / 3_600_000)) / 12.42 + 6 * site);
      const rise = stormRiseCm(storm, sensor.district, ts);
      return {
        level_cm: round(clamp(12 + 20 * site + 5 * tide + 2 * d + 0.8 * n('lvl') + rise, 0, 400), 1),
      };
    }
    case 'streetlight': {
      const dark = 1 - daylight(hour);
      const rated = 90 + 80 * site;
      return { power_w: round(clamp(rated * dark + 1.5 + 2 * n('w') * dark, 0, 400), 1) };
    }
  }
}
