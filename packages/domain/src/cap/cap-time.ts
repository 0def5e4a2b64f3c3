/**
 * CAP's date-time: `2026-12-02T08:00:00-08:00`, local time with its offset from UTC, whole seconds, never
 * `Z` (the standard writes UTC as `-00:00`). Alerts are written in the city's own time zone so a reader in
 * the city sees its clock time.
 */

const CAP_DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)([-+])(\d\d):(\d\d)$/;

/** The offset of `timeZone` from UTC at `ms`, in minutes (−480 for San Francisco in winter). */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(new Date(ms))
    .find((p) => p.type === 'timeZoneName')?.value;
  // NOTE: "GMT" alone at offset zero, else "GMT-08:00" (or "GMT+05:45").
  const match = /^GMT([-+])(\d\d):(\d\d)$/.exec(name ?? '');
  if (!match) return 0;
  const minutes = Number(match[2]) * 60 + Number(match[3]);
  return match[1] === '-' ? -minutes : minutes;
}

const two = (n: number) => String(n).padStart(2, '0');

/** `ms` as a CAP date-time in `timeZone` (seconds truncated). */
export function capDateTime(ms: number, timeZone: string): string {
  const whole = Math.floor(ms / 1000) * 1000;
  const offset = zoneOffsetMinutes(whole, timeZone);
  const local = new Date(whole + offset * 60_000);
  const sign = offset > 0 ? '+' : '-';
  const abs = Math.abs(offset);
  return (
    `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())}` +
    `T${two(local.getUTCHours())}:${two(local.getUTCMinutes())}:${two(local.getUTCSeconds())}` +
    `${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`
  );
}

/** A CAP date-time as epoch ms, or null when the text is not one. */
export function parseCapDateTime(text: string): number | null {
  const m = CAP_DATE_TIME.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, sign, oh, om] = m;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(utc) || Number(mo) > 12 || Number(d) > 31 || Number(h) > 23 || Number(mi) > 59)
    return null;
  const offset = (Number(oh) * 60 + Number(om)) * (sign === '-' ? -1 : 1);
  return utc - offset * 60_000;
}
