/**
 * The real calls as history: each call of the fire-calls CSV (fire-calls.ts) becomes the incident events it
 * really had, at their own 2020 times, so the store holds the calls as they happened and an analyst can
 * replay e.g. 2020-04-07. Pure: the import (history-import.ts) publishes what this builds.
 *
 *   reported      Received DtTm, by the owning department (medical calls EMS's, the rest fire's), with the
 *                 call's category, severity, title and place
 *   acknowledged  Entry DtTm (the dispatcher entered the call), when recorded
 *   dispatched    Dispatch DtTm of each unit, by the unit's department
 *   on_scene      On Scene DtTm of each unit that got there
 *   resolved      the last Available DtTm of its units (the call is over when its last unit clears), or
 *   closed        the call's last recorded time when no unit recorded one; closed at the same instant
 *
 * Departments are the city's (city-departments.ts): the ones playing fire and EMS, as the demo feed casts
 * them; a call no department of the city can answer is left out. Event and incident ids are fixed by the
 * call number, so importing twice stores nothing new.
 */

import { departmentFor, type SimDepartment } from './city-departments.js';
import type { FireCall } from './fire-calls.js';
import type { WireIncidentEvent } from './messages.js';

/** Incident ids of the imported calls: `call-<call number>`. */
export const HISTORY_ID_PREFIX = 'call-';

export interface HistoryEvents {
  incidentId: string;
  /** The events by publishing department, in time order. */
  byDepartment: Map<string, WireIncidentEvent[]>;
  count: number;
}

const MINUTE = 60_000;

/**
 * The instant (epoch ms) a wall-clock time of `timeZone` names: `naiveMs` is that wall-clock time read as
 * UTC. Two passes settle the zone's offset on either side of a daylight-saving change.
 */
export function zonedTimeToEpoch(naiveMs: number, timeZone: string): number {
  const offset = (at: number) => {
    const parts = Object.fromEntries(
      zoneFormat(timeZone)
        .formatToParts(new Date(at))
        .map((p) => [p.type, p.value]),
    );
    const asUtc = Date.UTC(
      Number(parts.year),
      Number(parts.month) - 1,
      Number(parts.day),
      Number(parts.hour) % 24,
      Number(parts.minute),
      Number(parts.second),
    );
    return asUtc - Math.floor(at / 1000) * 1000;
  };
  const first = naiveMs - offset(naiveMs);
  return naiveMs - offset(first);
}

const formats = new Map<string, Intl.DateTimeFormat>();
function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formats.set(timeZone, f);
  }
  return f;
}

/** The events of one call, or null when the city has no department to own it or no received time is known. */
export function callHistoryEvents(
  call: FireCall,
  options: { timeZone: string; departments?: readonly SimDepartment[] },
): HistoryEvents | null {
  const owner = departmentFor(options.departments, call.department);
  if (!owner || call.receivedMin === undefined) return null;
  const received = zonedTimeToEpoch(call.receivedMin * MINUTE, options.timeZone);
  const at = (min: number) => received + Math.round(min * MINUTE);
  const incidentId = `${HISTORY_ID_PREFIX}${call.callNumber}`;
  const id = (step: string) => `${incidentId}-${step}`;
  const byDepartment = new Map<string, WireIncidentEvent[]>();
  let count = 0;
  const add = (department: string, event: WireIncidentEvent) => {
    const list = byDepartment.get(department) ?? [];
    list.push(event);
    byDepartment.set(department, list);
    count++;
  };
  add(owner, {
    eventId: id('reported'),
    incidentId,
    type: 'reported',
    ts: received,
    category: call.category,
    severity: call.severity,
    title: call.title,
    lat: call.lat,
    lon: call.lon,
  });
  if (call.entryMin !== null)
    add(owner, { eventId: id('ack'), incidentId, type: 'acknowledged', ts: at(call.entryMin) });
  let last = call.entryMin ?? 0;
  let lastAvailable: number | null = null;
  for (const u of call.units) {
    const department = departmentFor(options.departments, u.department) ?? owner;
    add(department, {
      eventId: id(`dispatch-${u.unit}`),
      incidentId,
      type: 'dispatched',
      ts: at(u.dispatchMin),
      unit: u.unit,
    });
    last = Math.max(last, u.dispatchMin);
    if (u.onSceneMin !== null) {
      add(department, {
        eventId: id(`scene-${u.unit}`),
        incidentId,
        type: 'on_scene',
        ts: at(u.onSceneMin),
        unit: u.unit,
      });
      last = Math.max(last, u.onSceneMin);
    }
    for (const m of [u.transportMin, u.hospitalMin]) if (m !== null) last = Math.max(last, m);
    if (u.availableMin !== null) lastAvailable = Math.max(lastAvailable ?? 0, u.availableMin);
  }
  const done = at(lastAvailable ?? last);
  add(owner, { eventId: id('resolved'), incidentId, type: 'resolved', ts: done });
  add(owner, { eventId: id('closed'), incidentId, type: 'closed', ts: done });
  return { incidentId, byDepartment, count };
}
