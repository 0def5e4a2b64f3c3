/**
 * The real San Francisco fire/EMS calls of April 2020 (data/cities/sf/sf-fire-calls-2020.csv; DataSF "Fire Department
 * Calls for Service", nuek-vuh3, PDDL — see data/cities/sf/SOURCES.md) as a source of realistic call types, addresses,
 * positions, unit ids and step durations for the simulated fire and EMS incidents. Pure parsing only.
 */

import { MAX_CATEGORY_CHARS } from '@twin/domain';

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks (the `Location` column does). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface FireCallUnit {
  /** As the simulator names it: medic units get an `M` prefix (the CSV has bare numbers). */
  unit: string;
  /** 'fire' or 'ems' as read; the feed re-casts it to the city's department playing that role. */
  department: string;
  /** Minutes after the call was received; null when the unit never got there (cancelled en route). */
  dispatchMin: number;
  onSceneMin: number | null;
  /** Left for hospital with a patient, and arrived there; null for the many units that transported no one. */
  transportMin: number | null;
  hospitalMin: number | null;
  availableMin: number | null;
}

export interface FireCall {
  callNumber: string;
  callType: string;
  /** The department that owns the call: medical calls are EMS's, everything else the fire department's. */
  department: string;
  category: string;
  severity: number;
  title: string;
  lat: number;
  lon: number;
  /**
   * When the call was received, in minutes on the naive clock of {@link parseCallTime} (the city's local time
   * read as if it were UTC): the history import turns it into the real instant (call-history.ts).
   */
  receivedMin?: number;
  entryMin: number | null;
  units: FireCallUnit[];
}

/** `MM/DD/YYYY hh:mm:ss AM/PM` local time → minutes on a naive clock (only differences are used). */
export function parseCallTime(text: string): number | null {
  const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2}) (AM|PM)$/.exec(text.trim());
  if (!m) return null;
  const [, mo, d, y, h, mi, s, ampm] = m;
  const hour = (Number(h) % 12) + (ampm === 'PM' ? 12 : 0);
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), hour, Number(mi), Number(s)) / 60_000;
}

const MEDICAL_UNIT_TYPES = new Set(['MEDIC', 'PRIVATE']);

function severityOf(group: string, priority: string, alarms: number): number {
  if (alarms > 1) return 5;
  if (group === 'Fire') return 4;
  if (priority === 'E' || group === 'Potentially Life-Threatening') return priority === '2' ? 3 : 4;
  if (group === 'Alarm') return 2;
  return priority === '3' ? 3 : 2;
}

/**
 * The category as the city's feed writes it (`Structure Fire`, `Medical Incident`): categories are free text
 * on the wire (the domain derives their filter key), so the demo sends real vocabulary, not slugs.
 */
function categoryOf(callType: string): string {
  const base = (callType.split('(')[0] ?? callType).trim();
  return base === '' ? 'Other' : base.slice(0, MAX_CATEGORY_CHARS);
}

/** "4000 Block of MISSION ST" → "4000 block of Mission St". */
function prettyAddress(address: string): string {
  return address
    .toLowerCase()
    .replace(/\b([a-z])([a-z]*)/g, (_, a: string, rest: string) => a.toUpperCase() + rest)
    .replace(/\bBlock Of\b/g, 'block of');
}

/** Groups unit rows by call; skips calls without a usable position or dispatch time. */
export function fireCallsFromCsv(text: string): FireCall[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`fire calls CSV has no "${name}" column`);
    return i;
  };
  const c = {
    call: col('Call Number'),
    unit: col('Unit ID'),
    type: col('Call Type'),
    received: col('Received DtTm'),
    entry: col('Entry DtTm'),
    dispatch: col('Dispatch DtTm'),
    onScene: col('On Scene DtTm'),
    transport: col('Transport DtTm'),
    hospital: col('Hospital DtTm'),
    available: col('Available DtTm'),
    address: col('Address'),
    priority: col('Priority'),
    group: col('Call Type Group'),
    alarms: col('Number of Alarms'),
    unitType: col('Unit Type'),
    location: col('Location'),
  };
  const calls = new Map<string, FireCall>();
  for (const row of rows) {
    const get = (i: number) => row[i] ?? '';
    const received = parseCallTime(get(c.received));
    const dispatch = parseCallTime(get(c.dispatch));
    const loc = /^\(\s*(-?[\d.]+)\s*,\s*(-?[\d.]+)\s*\)$/.exec(get(c.location));
    if (received === null || dispatch === null || !loc) continue;
    const since = (t: number | null) => (t === null || t < received ? null : t - received);
    let call = calls.get(get(c.call));
    if (!call) {
      const callType = get(c.type);
      const department = callType === 'Medical Incident' ? 'ems' : 'fire';
      call = {
        callNumber: get(c.call),
        callType,
        department,
        category: categoryOf(callType),
        severity: severityOf(get(c.group), get(c.priority), Number(get(c.alarms)) || 1),
        title: `${callType}: ${prettyAddress(get(c.address))}`.slice(0, 200),
        lat: Math.round(Number(loc[1]) * 1e6) / 1e6,
        lon: Math.round(Number(loc[2]) * 1e6) / 1e6,
        receivedMin: received,
        entryMin: since(parseCallTime(get(c.entry))),
        units: [],
      };
      calls.set(call.callNumber, call);
    }
    const medical = MEDICAL_UNIT_TYPES.has(get(c.unitType));
    const rawUnit = get(c.unit);
    const unit = medical && /^\d+$/.test(rawUnit) ? `M${rawUnit}` : rawUnit;
    if (!unit || call.units.some((u) => u.unit === unit)) continue;
    call.units.push({
      unit,
      department: medical ? 'ems' : 'fire',
      dispatchMin: since(dispatch) ?? 0,
      onSceneMin: since(parseCallTime(get(c.onScene))),
      transportMin: since(parseCallTime(get(c.transport))),
      hospitalMin: since(parseCallTime(get(c.hospital))),
      availableMin: since(parseCallTime(get(c.available))),
    });
  }
  return [...calls.values()].filter((call) => call.units.length > 0);
}
