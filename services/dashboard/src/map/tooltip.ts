/** Hover text for map objects. Returns HTML built from escaped values only (names come from feeds). */
import type { IncidentView, SensorView } from '@twin/domain';
import { sensorHealth } from '../layers/sensor-layers.js';
import { formatDuration, formatValue, humanize } from '../lib/format.js';
import { incidentTitle } from '../lib/incidents.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function sensorTooltip(sensor: SensorView, now: number): string {
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
    `${escapeHtml(humanize(sensor.kind))} · ${escapeHtml(sensor.department)}`,
    `${health === 'ok' ? 'reporting' : health} · last seen ${seen}`,
    values,
  ]
    .filter(Boolean)
    .join('<br>');
}

export function incidentTooltip(incident: IncidentView, now: number): string {
  return [
    `<b>${escapeHtml(incidentTitle(incident))}</b>`,
    `Severity ${incident.severity} · ${escapeHtml(humanize(incident.status))}${incident.awaitingAck ? ' · awaiting acknowledgement' : ''}`,
    `${escapeHtml(incident.department)}${incident.district ? ` · ${escapeHtml(incident.district)}` : ''}`,
    `open ${formatDuration(now - incident.openedAt)}`,
  ].join('<br>');
}
