/**
 * The GeoReport v2 shapes (wiki.open311.org/GeoReport_v2): services, service requests and errors, as JSON and
 * as XML (the spec's required format; JSON is what most apps use). A request's status is read off the
 * incident it is attached to; the reporter's personal details are never part of it.
 */
import type { Open311Service } from '@twin/city';
import { OPEN_STATUSES } from '@twin/domain';
import type { Open311RequestWithIncident } from '../db/open311-requests.js';

export type Format = 'json' | 'xml';

/** `requests.json` → { name: 'requests', format: 'json' }; null for any other ending. */
export function splitFormat(segment: string): { name: string; format: Format } | null {
  const match = /^(.*)\.(json|xml)$/.exec(segment);
  return match ? { name: match[1]!, format: match[2] as Format } : null;
}

export function serviceView(s: Open311Service) {
  return {
    service_code: s.code,
    service_name: s.name,
    description: s.description,
    metadata: false,
    type: 'realtime',
    keywords: (s.keywords ?? []).join(','),
    group: s.group,
  };
}

/** open while the incident is; a rejected report is closed whatever its incident does. */
export function requestStatus(r: Open311RequestWithIncident): 'open' | 'closed' {
  if (r.state === 'rejected') return 'closed';
  if (r.incidentStatus === null) return 'open';
  return (OPEN_STATUSES as readonly string[]).includes(r.incidentStatus) ? 'open' : 'closed';
}

const iso = (ms: number) => new Date(ms).toISOString();

export function requestView(
  r: Open311RequestWithIncident,
  services: ReadonlyMap<string, Open311Service>,
  departmentName: (id: string) => string,
) {
  const service = services.get(r.serviceCode);
  const department = r.incidentDepartment ?? service?.department ?? null;
  return {
    service_request_id: r.id,
    status: requestStatus(r),
    status_notes: r.state === 'rejected' ? `Rejected: ${r.reason ?? ''}` : r.resolutionNote,
    service_name: service?.name ?? r.serviceCode,
    service_code: r.serviceCode,
    description: r.description,
    agency_responsible: department === null ? null : departmentName(department),
    service_notice: null,
    requested_datetime: iso(r.requestedAt),
    updated_datetime: iso(Math.max(r.requestedAt, r.incidentUpdatedAt ?? 0, r.stateChangedAt ?? 0)),
    expected_datetime: null,
    address: r.address,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lon,
    media_url: r.mediaUrl,
  };
}

/** The spec's error list: `[{ code, description }]`, one entry per problem. */
export function errorList(code: number, descriptions: readonly string[]) {
  return descriptions.map((description) => ({ code, description }));
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/** `<root><item><field>…</field>…</item>…</root>`; null fields are empty elements. */
export function xmlList(root: string, item: string, rows: readonly Record<string, unknown>[]): string {
  const body = rows
    .map(
      (row) =>
        `<${item}>${Object.entries(row)
          .map(([k, v]) => `<${k}>${v === null || v === undefined ? '' : escapeXml(String(v))}</${k}>`)
          .join('')}</${item}>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<${root}>${body}</${root}>\n`;
}
