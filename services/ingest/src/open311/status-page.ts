/**
 * The reporter's status page (`/r/<token>`, docs/open311.md): a small HTML page made on the server, with no
 * script, showing one report and its history in plain words. Every piece of text is escaped: what a citizen
 * wrote is shown as the characters they typed, never as markup. Nothing else of the city is on it.
 */
import type { HistoryStep } from '@twin/domain';
import { escapeXml as escapeHtml } from './georeport.js';

export interface StatusPageView {
  serviceName: string;
  description: string | null;
  requestId: string;
  requestedAt: number;
  status: 'open' | 'closed';
  history: HistoryStep[];
  cityName: string;
  timeZone: string;
  locale: string | undefined;
}

/** The headers of every answer of the status page: no script, no referrer, not indexed, not cached. */
export const STATUS_PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

export function formatTime(ms: number, timeZone: string, locale: string | undefined): string {
  return new Intl.DateTimeFormat(locale ?? 'en-US', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(ms);
}

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h1{font-size:1.4rem}.status{display:inline-block;padding:.1rem .6rem;border-radius:1rem;background:#e6eef7}
.description{white-space:pre-wrap;background:#f4f5f7;padding:.75rem;border-radius:.4rem}
ol{padding-left:1.2rem}li{margin:.4rem 0}time{color:#57606a;font-size:.9rem;display:block}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

export function statusPageHtml(v: StatusPageView): string {
  const time = (ms: number) =>
    `<time datetime="${new Date(ms).toISOString()}">${escapeHtml(formatTime(ms, v.timeZone, v.locale))}</time>`;
  const steps = v.history.map((s) => `<li>${time(s.at)}${escapeHtml(s.text)}</li>`).join('\n');
  return page(
    `Your report: ${v.serviceName}`,
    `<h1>Your report to ${escapeHtml(v.cityName)}: ${escapeHtml(v.serviceName)}</h1>
<p>Report ${escapeHtml(v.requestId)}, received ${time(v.requestedAt)}</p>
<p>Status: <span class="status">${v.status === 'open' ? 'Open' : 'Closed'}</span></p>
${v.description === null ? '' : `<h2>What you wrote</h2>\n<p class="description">${escapeHtml(v.description)}</p>`}
<h2>What happened</h2>
<ol>
${steps}
</ol>`,
  );
}

export function notFoundHtml(): string {
  return page(
    'Report not found',
    '<h1>Report not found</h1>\n<p>There is no report at this address. Check that the whole link was copied.</p>',
  );
}

export function refusedHtml(message: string): string {
  return page('Not available', `<h1>Not available</h1>\n<p>${escapeHtml(message)}</p>`);
}
