/**
 * Display formatting, the one place dates, times, durations and numbers are written for people. Times are
 * always the city's: its time zone and its locale (GET /api/v1/city), so a wall in another country still
 * shows the city's local time, labelled with its zone, written the way the city writes dates.
 */

/** Where a time is read: the city's IANA time zone and BCP 47 locale (undefined = the browser's locale). */
export interface CityTime {
  timeZone: string;
  locale?: string | undefined;
}

/** Before the city model has arrived: UTC, so a time is never silently shown in the wall PC's own zone. */
export const UTC_TIME: CityTime = { timeZone: 'UTC' };

/** "45 s", "12 min", "3 h 05 min", "2 d 4 h": short enough to read from across a room. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h} h ${String(min % 60).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/**
 * A response time, to the second while it is short (a 40 s acknowledgement and a 4 min one differ): "45 s",
 * "4 min 05 s", "1 h 12 min"; "–" when there is none.
 */
export function formatResponseTime(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ${String(s % 60).padStart(2, '0')} s`;
  return formatDuration(s * 1000);
}

/** A response time for a narrow table cell: "45s", "4m05s", "16m", "1h12", "–". The cell's title has the words. */
export function formatResponseTimeShort(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '–';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  const min = Math.floor(s / 60);
  // Seconds only while they matter: "4m05s", but "16m" (a narrow column stays narrow).
  if (min < 10) return `${min}m${String(s % 60).padStart(2, '0')}s`;
  if (min < 60) return `${min}m`;
  const h = Math.floor(min / 60);
  if (h < 24) return `${h}h${String(min % 60).padStart(2, '0')}`;
  return `${Math.floor(h / 24)}d${h % 24}h`;
}

/** A rolling window in words: "24 h", "90 min", "7 d". */
export function formatWindow(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s % 86_400 === 0 && s >= 86_400) return `${s / 86_400} d`;
  if (s % 3600 === 0 && s >= 3600) return `${s / 3600} h`;
  if (s % 60 === 0 && s >= 60) return `${s / 60} min`;
  return `${s} s`;
}

type Shape = 'clock' | 'datetime' | 'zone' | 'parts';

// NOTE: building an Intl.DateTimeFormat is costly and the clock formats every second: one per place and shape.
const formatters = new Map<string, Intl.DateTimeFormat>();

const SHAPES: Record<Shape, Intl.DateTimeFormatOptions> = {
  clock: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
  datetime: {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  },
  zone: { timeZoneName: 'short' },
  // Digits only, in a fixed order, whatever the locale: for the ISO-like "2019-03-02 23:59".
  parts: {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    numberingSystem: 'latn',
  },
};

function formatter(shape: Shape, where: CityTime): Intl.DateTimeFormat {
  const locale = shape === 'parts' ? 'en-US' : where.locale;
  const key = `${shape}|${where.timeZone}|${locale ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...SHAPES[shape], timeZone: where.timeZone });
    formatters.set(key, f);
  }
  return f;
}

/** The time of day in the city, as the city writes it ("04:00:05 PM" in en-US, "13:00:05" in de-DE). */
export function formatClock(ts: number, where: CityTime): string {
  return formatter('clock', where).format(ts);
}

/** The zone's short name at that instant, as the city's locale says it ("PST", "PDT", "MEZ", "UTC"). */
export function formatZone(ts: number, where: CityTime): string {
  const part = formatter('zone', where)
    .formatToParts(ts)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? where.timeZone;
}

/**
 * Date and time with the zone, unambiguous in any locale (the month is written, never "01/12"): "Jan 15,
 * 2024, 04:00:05 AM PST" in en-US.
 */
export function formatDateTime(ts: number, where: CityTime): string {
  return `${formatter('datetime', where).format(ts)} ${formatZone(ts, where)}`;
}

/** "2019-03-02 23:59 PST" in the city's zone: a date that reads the same in every locale ("data as of …"). */
export function formatMinute(ts: number, where: CityTime): string {
  const parts = Object.fromEntries(
    formatter('parts', where)
      .formatToParts(ts)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${formatZone(ts, where)}`;
}

/**
 * A span of the window in the city's zone, the date written once when both ends share it:
 * "2020-04-07 10:00–11:00 PDT", else "2020-04-07 23:00 PDT – 2020-04-08 00:00 PDT".
 */
export function formatMinuteSpan(from: number, to: number, where: CityTime): string {
  const start = formatMinute(from, where);
  const end = formatMinute(to, where);
  // Same day and zone: "YYYY-MM-DD HH:MM" then the end's "HH:MM ZONE".
  if (start.slice(0, 10) === end.slice(0, 10) && start.slice(16) === end.slice(16))
    return `${start.slice(0, 16)}–${end.slice(11)}`;
  return `${start} – ${end}`;
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A count with the locale's grouping ("12,345" in en-US, "12.345" in de-DE). */
export function formatCount(value: number, locale?: string): string {
  const key = locale ?? '';
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    numberFormats.set(key, f);
  }
  return f.format(value);
}

/** `on_scene` → "on scene". */
export function humanize(id: string): string {
  return id.replaceAll('_', ' ');
}

export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  return abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** "2020-04-07T13:05" in the city's zone: the value of a `datetime-local` input showing the city's time. */
export function toCityLocalInput(ts: number, where: CityTime): string {
  const parts = Object.fromEntries(
    formatter('parts', where)
      .formatToParts(ts)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * The instant a city wall clock reads ("2020-04-07T13:05", a `datetime-local` value) in the city's zone;
 * null for an unreadable value. In the hour a clock goes back, the earlier of the two instants.
 */
export function fromCityLocalInput(value: string, where: CityTime): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[];
  const asUtc = Date.UTC(y as number, (mo as number) - 1, d, h, mi, s || 0);
  if (!Number.isFinite(asUtc)) return null;
  // The zone's offset at a guess, then at the corrected instant (right across a change of offset).
  let guess = asUtc;
  for (let i = 0; i < 2; i++) guess = asUtc - zoneOffsetMs(guess, where);
  return guess;
}

/** How far the city's wall clock is ahead of UTC at `ts` (ms). */
function zoneOffsetMs(ts: number, where: CityTime): number {
  const local = toCityLocalInput(ts, where);
  const [date, time] = local.split('T') as [string, string];
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const seconds = new Date(ts).getUTCSeconds() * 1000 + new Date(ts).getUTCMilliseconds();
  return Date.UTC(y, mo - 1, d, h === 24 ? 0 : h, mi) + seconds - ts;
}

/** The start of the city's day holding `ts` (epoch ms). */
export function startOfCityDay(ts: number, where: CityTime): number {
  const day = toCityLocalInput(ts, where).slice(0, 10);
  return fromCityLocalInput(`${day}T00:00`, where) ?? ts;
}

/** The time of day in the city as "HH:mm" (24 h, Latin digits, any locale): a column heading. */
export function formatHourOfDay(ts: number, where: CityTime): string {
  const parts = Object.fromEntries(
    formatter('parts', where)
      .formatToParts(ts)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.hour}:${parts.minute}`;
}
