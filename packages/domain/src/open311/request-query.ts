/**
 * The parameters of `GET /open311/v2/requests.json` (GeoReport v2): `service_request_id` (a comma list;
 * when given, the other parameters are ignored, as the spec says), `service_code` (a comma list),
 * `start_date`/`end_date` (W3C date-times with a zone) and `status` (open, closed or both). Without dates,
 * the last 90 days; at most 1,000 requests.
 */
import { problem } from '../problems.js';
import { quote } from '../text.js';

export const DEFAULT_REQUEST_WINDOW_MS = 90 * 86_400_000;
export const MAX_REQUESTS_PER_ANSWER = 1000;
export const OPEN311_STATUSES = ['open', 'closed'] as const;
export type Open311Status = (typeof OPEN311_STATUSES)[number];

export type RequestQuery =
  | { kind: 'ids'; ids: string[] }
  | {
      kind: 'search';
      serviceCodes: string[] | null;
      from: number;
      to: number;
      statuses: Open311Status[] | null;
    };

export type RequestQueryReading = { ok: true; query: RequestQuery } | { ok: false; problems: string[] };

/** A W3C date-time (ISO 8601 with a zone, `Z` or `±hh:mm`); a plain date means its midnight UTC. */
const W3C_DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

function list(value: unknown): string[] | null {
  if (value === undefined || value === null || value === '') return null;
  const parts = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(','));
  const items = parts.map((p) => p.trim()).filter((p) => p !== '');
  return items.length === 0 ? null : items;
}

function dateOf(name: string, value: unknown, problems: string[]): number | undefined {
  if (value === undefined || value === '') return undefined;
  const text = String(value);
  const ms = W3C_DATE_TIME.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) {
    problems.push(
      problem(
        name,
        `must be a date and time with its zone, like 2026-03-01T08:00:00-08:00 (got ${quote(text)})`,
      ),
    );
    return undefined;
  }
  return ms;
}

export function readRequestQuery(params: Record<string, unknown>, now: number): RequestQueryReading {
  const problems: string[] = [];
  const ids = list(params.service_request_id);
  if (ids !== null) {
    if (ids.length > MAX_REQUESTS_PER_ANSWER)
      problems.push(
        problem('service_request_id', `at most ${MAX_REQUESTS_PER_ANSWER} ids (got ${ids.length})`),
      );
    for (const id of ids.slice(0, 10))
      if (!ID.test(id)) problems.push(problem('service_request_id', `${quote(id)} is not a request id`));
    return problems.length > 0 ? { ok: false, problems } : { ok: true, query: { kind: 'ids', ids } };
  }
  const serviceCodes = list(params.service_code);
  const start = dateOf('start_date', params.start_date, problems);
  const end = dateOf('end_date', params.end_date, problems);
  const statusList = list(params.status);
  const statuses: Open311Status[] = [];
  for (const s of statusList ?? []) {
    if ((OPEN311_STATUSES as readonly string[]).includes(s)) statuses.push(s as Open311Status);
    else problems.push(problem('status', `must be open, closed or both as "open,closed" (got ${quote(s)})`));
  }
  // NOTE: one end given, the window is the 90 days from (or up to) it, as the spec's default suggests.
  const to = end ?? (start === undefined ? now : start + DEFAULT_REQUEST_WINDOW_MS);
  const from = start ?? to - DEFAULT_REQUEST_WINDOW_MS;
  if (start !== undefined && end !== undefined && start > end)
    problems.push(problem('start_date', 'must not be after end_date'));
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    query: { kind: 'search', serviceCodes, from, to, statuses: statusList === null ? null : statuses },
  };
}
