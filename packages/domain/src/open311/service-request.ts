/**
 * A citizen's report as Open311 GeoReport v2 posts it (`POST /open311/v2/requests.json`, form-encoded or
 * JSON), read into what the service keeps, with every problem in plain words (the spec's 400 answer lists
 * them). Pure: which service codes exist and whether a point is in the city are given by the caller.
 */
import { problem } from '../problems.js';
import { quote } from '../text.js';
import { plainText } from './report-text.js';

/** A description is at most this many characters (GeoReport v2 suggests 4,000). */
export const MAX_DESCRIPTION_CHARS = 4000;

/** The personal fields: kept for staff only, never in a public answer. */
export interface ReporterDetails {
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  phone: string | null;
}

export interface ServiceRequestInput {
  serviceCode: string;
  lat: number;
  lon: number;
  address: string | null;
  description: string | null;
  mediaUrl: string | null;
  deviceId: string | null;
  accountId: string | null;
  apiKey: string | null;
  reporter: ReporterDetails;
}

export interface ServiceRequestContext {
  serviceCodes: ReadonlySet<string>;
  /** Whether a point lies in the city (its bbox and districts). */
  inCity(lon: number, lat: number): boolean;
}

export type ServiceRequestReading =
  | { ok: true; request: ServiceRequestInput }
  | { ok: false; problems: string[] };

/** The optional single-line text fields, with their limits in characters. */
const TEXT_LIMITS = {
  email: 254,
  first_name: 100,
  last_name: 100,
  phone: 40,
  device_id: 100,
  account_id: 100,
  api_key: 200,
  address_string: 500,
} as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMBER = /^\s*-?\d+(\.\d+)?\s*$/;

/** One field's value as text, or a problem (form bodies repeat keys as arrays; JSON may send numbers). */
function textOf(
  fields: Record<string, unknown>,
  name: string,
  problems: string[],
): string | null | undefined {
  const value = fields[name];
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    problems.push(problem(name, 'given more than once'));
    return null;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') {
    problems.push(problem(name, 'must be text'));
    return null;
  }
  return value;
}

function coordinate(
  fields: Record<string, unknown>,
  name: 'lat' | 'long',
  problems: string[],
): number | null | undefined {
  const text = textOf(fields, name, problems);
  if (text === undefined || text === null) return text;
  if (text.trim() === '') return undefined;
  const max = name === 'lat' ? 90 : 180;
  const n = NUMBER.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(n) || Math.abs(n) > max) {
    problems.push(problem(name, `must be a number from -${max} to ${max} in degrees (got ${quote(text)})`));
    return null;
  }
  return n;
}

function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Reads a posted report; every problem is listed, none stops the others from being found. */
export function readServiceRequest(
  fields: Record<string, unknown>,
  context: ServiceRequestContext,
): ServiceRequestReading {
  const problems: string[] = [];
  const code = textOf(fields, 'service_code', problems);
  if (code === undefined || (code !== null && code.trim() === ''))
    problems.push(problem('service_code', 'missing (say which kind of problem this is; see services.json)'));
  else if (code !== null && !context.serviceCodes.has(code.trim()))
    problems.push(
      problem(
        'service_code',
        `${quote(code)} is not a service of this city (see GET /open311/v2/services.json)`,
      ),
    );

  const lat = coordinate(fields, 'lat', problems);
  const lon = coordinate(fields, 'long', problems);
  const address = textOf(fields, 'address_string', problems);
  if (lat === undefined && lon === undefined) {
    if (address !== undefined && address !== null && address.trim() !== '')
      problems.push(
        problem(
          'lat and long',
          'missing: this service cannot find an address on the map (it works offline, without a geocoder); send lat and long of the problem',
        ),
      );
    else problems.push(problem('lat and long', 'missing (the position of the problem is needed)'));
  } else if (lat === undefined) problems.push(problem('lat', 'missing (long was given; both are needed)'));
  else if (lon === undefined) problems.push(problem('long', 'missing (lat was given; both are needed)'));
  else if (typeof lat === 'number' && typeof lon === 'number' && !context.inCity(lon, lat))
    problems.push(problem('lat and long', `${lat}, ${lon} is outside the city this service covers`));

  const raw = textOf(fields, 'description', problems);
  const description = raw === undefined || raw === null ? null : plainText(raw, true);
  if (description !== null && charCount(description) > MAX_DESCRIPTION_CHARS)
    problems.push(
      problem(
        'description',
        `must be at most ${MAX_DESCRIPTION_CHARS} characters (got ${charCount(description)})`,
      ),
    );

  const text: Partial<Record<keyof typeof TEXT_LIMITS, string | null>> = {};
  for (const [name, max] of Object.entries(TEXT_LIMITS) as [keyof typeof TEXT_LIMITS, number][]) {
    const value = textOf(fields, name, problems);
    if (value === undefined || value === null) continue;
    const clean = plainText(value);
    if (charCount(clean) > max)
      problems.push(problem(name, `must be at most ${max} characters (got ${charCount(clean)})`));
    text[name] = clean === '' ? null : clean;
  }
  if (text.email && !EMAIL.test(text.email))
    problems.push(
      problem('email', `must be an e-mail address like name@example.org (got ${quote(text.email)})`),
    );

  const media = textOf(fields, 'media_url', problems);
  let mediaUrl: string | null = null;
  if (media !== undefined && media !== null && media.trim() !== '') {
    if (charCount(media) > 2000 || !isHttpUrl(media.trim()))
      problems.push(problem('media_url', 'must be an http or https address of at most 2000 characters'));
    else mediaUrl = media.trim();
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    request: {
      serviceCode: code!.trim(),
      lat: lat as number,
      lon: lon as number,
      address: text.address_string ?? null,
      description: description === '' ? null : description,
      mediaUrl,
      deviceId: text.device_id ?? null,
      accountId: text.account_id ?? null,
      apiKey: text.api_key ?? null,
      reporter: {
        email: text.email ?? null,
        firstName: text.first_name ?? null,
        lastName: text.last_name ?? null,
        phone: text.phone ?? null,
      },
    },
  };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !/\s/.test(text);
  } catch {
    return false;
  }
}
