/** Display formatting. The city's time zone is passed in, so the wall shows local time wherever it runs. */

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

// NOTE: building an Intl.DateTimeFormat is costly and the clock formats every second: one per zone and shape.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(shape: 'clock' | 'datetime', timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${shape}|${timeZone ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    const time = { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false } as const;
    const date = shape === 'datetime' ? ({ year: 'numeric', month: '2-digit', day: '2-digit' } as const) : {};
    f = new Intl.DateTimeFormat('en-GB', { ...date, ...time, timeZone });
    formatters.set(key, f);
  }
  return f;
}

export function formatClock(ts: number, timeZone?: string): string {
  return formatter('clock', timeZone).format(ts);
}

export function formatDateTime(ts: number, timeZone?: string): string {
  return formatter('datetime', timeZone).format(ts);
}

/** "2019-03-02 23:59" in the city's zone: a date that reads the same in every locale ("data as of …"). */
export function formatMinute(ts: number, timeZone?: string): string {
  const parts = Object.fromEntries(
    formatter('datetime', timeZone)
      .formatToParts(ts)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
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
