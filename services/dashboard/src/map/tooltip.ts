/** Hover text for map objects. Returns HTML built from escaped values only (names come from feeds). */
import type { IncidentView, SensorView, UnitView, WarningProperties } from '@twin/domain';
import { sensorHealth } from '../layers/sensor-layers.js';
import { formatDuration, formatValue, humanize } from '../lib/format.js';
import { incidentTitle, type NameOf } from '../lib/incidents.js';
import { unitStatusLabel } from '../lib/units.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function sensorTooltip(sensor: SensorView, now: number, nameOf: NameOf): string {
  const health = sensorHealth(sensor, now);
  const values = Object.entries(sensor.latest)
    .map(
      ([metric, v]) =>
        `${escapeHtml(metric)}: ${formatValue(v.value)} ${escapeHtml(sensor.units[metric] ?? '')}`,
    )
    .join('<br>');
  const seen = sensor.lastSeen === null ? 'never' : `${formatDuration(now - sensor.lastSeen)} ago`;
  return [
    `<b>${escapeHtml(sensor.name)}</b>${sensor.simulated ? ' <span class="tag-simulated">simulated</span>' : ''}`,
    `${escapeHtml(humanize(sensor.kind))} · ${escapeHtml(nameOf(sensor.department))}`,
    `${health === 'ok' ? 'reporting' : health} · last seen ${seen}`,
    values,
  ]
    .filter(Boolean)
    .join('<br>');
}

export function incidentTooltip(incident: IncidentView, now: number, nameOf: NameOf): string {
  const assisting = incident.assisting.map(nameOf).join(', ');
  return [
    `<b>${escapeHtml(incidentTitle(incident, nameOf))}</b>`,
    `Severity ${incident.severity} · ${escapeHtml(humanize(incident.status))}${incident.awaitingAck ? ' · awaiting acknowledgement' : ''}`,
    `${escapeHtml(nameOf(incident.department))}${incident.district ? ` · ${escapeHtml(incident.district)}` : ''}`,
    assisting ? `assisted by ${escapeHtml(assisting)}` : '',
    `open ${formatDuration(now - incident.openedAt)}`,
  ]
    .filter(Boolean)
    .join('<br>');
}

/** A unit drawn on the map: which, whose, doing what, for how long, on which incident. */
export function unitTooltip(
  unit: UnitView,
  now: number,
  nameOf: NameOf,
  incidentTitleOf: (id: string) => string | null,
): string {
  const title = unit.incidentId ? incidentTitleOf(unit.incidentId) : null;
  return [
    `<b>Unit ${escapeHtml(unit.unit)}</b> · ${escapeHtml(nameOf(unit.department))}`,
    `${escapeHtml(unitStatusLabel(unit.status))} for ${formatDuration(now - unit.since)}`,
    title ? escapeHtml(title) : unit.incidentId ? `incident ${escapeHtml(unit.incidentId)}` : '',
  ]
    .filter(Boolean)
    .join('<br>');
}

/** Another agency's CAP warning: what, the headline, how bad, and how long it is still in force. */
export function warningTooltip(w: WarningProperties, now: number): string {
  const expires =
    w.expires === null
      ? 'no expiry given'
      : w.expires > now
        ? `expires in ${formatDuration(w.expires - now)}`
        : 'expired';
  return [
    `<b>${escapeHtml(w.event)}</b>`,
    w.headline ? escapeHtml(w.headline) : '',
    `${escapeHtml(w.severity)} · ${escapeHtml(w.urgency)} · ${escapeHtml(w.certainty)}`,
    `${escapeHtml(w.areaDesc)} · ${expires}`,
  ]
    .filter(Boolean)
    .join('<br>');
}
