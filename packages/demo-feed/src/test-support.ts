/** Shared by the unit tests only: the real SF pack and the server's own decoder. */
import { fileURLToPath } from 'node:url';
import { loadCityPack } from '@twin/city/node';
import { type DecodeResult, decodeMessage } from '@twin/domain';
import { castDepartments } from './city-departments.js';
import type { SimCity } from './city-points.js';
import type { OutMessage } from './messages.js';

export const SF_DIR = fileURLToPath(new URL('../../../data/cities/sf', import.meta.url));

let cached: Promise<SimCity> | null = null;

export function loadSf(): Promise<SimCity> {
  cached ??= loadCityPack(SF_DIR).then((pack) => ({
    id: pack.manifest.id,
    timezone: pack.manifest.timezone,
    districts: pack.districts,
    districtIndex: pack.districtIndex,
    departments: castDepartments(pack.manifest.departments),
  }));
  return cached;
}

const encoder = new TextEncoder();

/** Exactly what the ingest service applies to a message (contract v1, default root, 256 KiB limit). */
export function decode(message: OutMessage, now: number): DecodeResult {
  return decodeMessage(message.topic, encoder.encode(message.payload), {
    topicRoot: 'city',
    maxPayloadBytes: 256 * 1024,
    now,
  });
}
