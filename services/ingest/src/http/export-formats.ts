/**
 * What the exports write (routes/exports.ts): incidents as CSV (one row per event, with its incident's
 * columns) and as GeoJSON (one Feature per incident, its timeline in the properties), readings as CSV (the
 * rows of the replay's Arrow stream). Cells go through the domain's CSV rules (formula escaping, quoting).
 */
import { csvLine, csvNumber, csvText, csvTime, type IncidentEvent, type IncidentView } from '@twin/domain';
import type { ReadingColumnsChunk, ReadingSeriesList } from '../db/replay-readings.js';
import type { IncidentWithTimeline } from '../db/window-incidents.js';

export const INCIDENT_CSV_COLUMNS = [
  'incident_id',
  'department',
  'status',
  'category',
  'severity',
  'title',
  'district',
  'lat',
  'lon',
  'opened_at',
  'acknowledged_at',
  'resolved_at',
  'closed_at',
  'event_id',
  'event_type',
  'event_ts',
  'event_department',
  'unit',
  'unit_status',
  'to_department',
  'actor',
  'note',
] as const;

function incidentCells(i: IncidentView): string[] {
  return [
    csvText(i.incidentId),
    csvText(i.department),
    csvText(i.status),
    csvText(i.category),
    csvNumber(i.severity),
    csvText(i.title),
    csvText(i.district),
    csvNumber(i.lat),
    csvNumber(i.lon),
    csvTime(i.openedAt),
    csvTime(i.acknowledgedAt),
    csvTime(i.resolvedAt),
    csvTime(i.closedAt),
  ];
}

function eventCells(e: IncidentEvent): string[] {
  return [
    csvText(e.eventId),
    csvText(e.type),
    csvTime(e.ts),
    csvText(e.department),
    csvText(e.unit),
    csvText(e.unitStatus),
    csvText(e.toDepartment),
    csvText(e.actor),
    csvText(e.note),
  ];
}

export async function* incidentsCsv(pages: AsyncIterable<IncidentWithTimeline[]>): AsyncGenerator<string> {
  yield csvLine([...INCIDENT_CSV_COLUMNS]);
  for await (const page of pages) {
    let text = '';
    for (const { incident, timeline } of page) {
      const head = incidentCells(incident);
      for (const e of timeline) text += csvLine([...head, ...eventCells(e)]);
    }
    yield text;
  }
}

export async function* incidentsGeoJson(
  pages: AsyncIterable<IncidentWithTimeline[]>,
): AsyncGenerator<string> {
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  for await (const page of pages) {
    let text = '';
    for (const { incident, timeline } of page) {
      const geometry =
        incident.lat === null || incident.lon === null
          ? null
          : { type: 'Point', coordinates: [incident.lon, incident.lat] };
      text += `${first ? '' : ','}${JSON.stringify({
        type: 'Feature',
        id: incident.incidentId,
        geometry,
        properties: { ...incident, timeline },
      })}`;
      first = false;
    }
    yield text;
  }
  yield ']}';
}

export const READING_CSV_COLUMNS = ['sensor', 'metric', 'ts', 'value', 'min', 'max', 'count'] as const;

export async function* readingsCsv(
  series: ReadingSeriesList,
  chunks: AsyncIterable<ReadingColumnsChunk>,
): AsyncGenerator<string> {
  yield csvLine([...READING_CSV_COLUMNS]);
  const sensors = series.sensors.map(csvText);
  const metrics = series.metrics.map(csvText);
  for await (const c of chunks) {
    const lines: string[] = [];
    for (let i = 0; i < c.length; i++)
      lines.push(
        csvLine([
          sensors[c.sensor[i]!]!,
          metrics[c.metric[i]!]!,
          csvTime(c.ts[i]),
          csvNumber(c.value[i]),
          csvNumber(c.min[i]),
          csvNumber(c.max[i]),
          csvNumber(c.count[i]),
        ]),
      );
    yield lines.join('');
  }
}
