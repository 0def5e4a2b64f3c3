/**
 * The dead-letter cursor: opaque to clients (they pass back the `next` they were given), but no secret — it
 * is the page's last key, base64url of `<receivedUs>.<id>`. Anything else is refused with a 400 naming the
 * parameter, never handed to the database.
 */
import type { DeadLetterKey } from '../db/dead-letters.js';
import { BadRequestError } from './errors.js';

const BASE64URL = /^[A-Za-z0-9_-]{1,64}$/;
/** Microseconds since 1970 up to year 9999 (15 digits) and a positive bigint id. */
const KEY = /^(0|[1-9]\d{0,16})\.([1-9]\d{0,18})$/;
const MAX_BIGINT = 9223372036854775807n;

export function encodeCursor(key: DeadLetterKey): string {
  return Buffer.from(`${key.receivedUs}.${key.id}`, 'utf8').toString('base64url');
}

/** Absent or empty → undefined (the first page). */
export function parseCursor(name: string, raw: string | undefined): DeadLetterKey | undefined {
  if (raw === undefined || raw === '') return undefined;
  const bad = () =>
    new BadRequestError(
      `${name} is not a cursor this API gave out; pass the \`next\` of the previous page unchanged, or leave ${name} out for the first page`,
    );
  if (!BASE64URL.test(raw)) throw bad();
  const m = KEY.exec(Buffer.from(raw, 'base64url').toString('utf8'));
  if (!m || BigInt(m[2]!) > MAX_BIGINT) throw bad();
  return { receivedUs: m[1]!, id: m[2]! };
}
