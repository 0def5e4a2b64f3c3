/**
 * Reads other agencies' CAP 1.2 alerts: a single `<alert>` document, or an Atom feed whose entries embed
 * their alert in `<content>` (or only link to it: those links are returned for the caller to fetch). Only
 * the parts the map uses are checked, each problem in plain words; polygons and circles become one GeoJSON
 * MultiPolygon (a circle as a 32-sided polygon). Pure: the ingest (services/ingest cap/) does the I/O.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import {
  CAP_CERTAINTIES,
  CAP_MSG_TYPES,
  CAP_NAMESPACE,
  CAP_SEVERITIES,
  CAP_STATUSES,
  CAP_URGENCIES,
  type CapCertainty,
  type CapMsgType,
  type CapSeverity,
  type CapStatus,
  type CapUrgency,
} from './cap-alert.js';
import { parseCapCircle, parseCapPolygon, type Ring } from './cap-geometry.js';
import { parseCapDateTime } from './cap-time.js';

export interface MultiPolygon {
  type: 'MultiPolygon';
  coordinates: Ring[][];
}

/** One alert read from a source: what the warnings layer shows and what is stored. */
export interface ParsedWarning {
  identifier: string;
  sender: string;
  /** Epoch ms. */
  sent: number;
  status: CapStatus;
  msgType: CapMsgType;
  /** Earlier alerts this one updates or cancels, as "sender,identifier,sent" each. */
  references: string[];
  /** Epoch ms, or null when the alert names no expiry. */
  expires: number | null;
  event: string;
  severity: CapSeverity;
  urgency: CapUrgency;
  certainty: CapCertainty;
  headline: string | null;
  areaDesc: string;
  areas: MultiPolygon;
  /** The alert as XML (the document itself for a single alert; rewritten for a feed's entry). */
  xml: string;
}

export type ParsedAlert =
  | { ok: true; warning: ParsedWarning }
  | { ok: false; identifier: string | null; reason: string };

export interface ParsedDocument {
  /** One per alert found (valid or not). */
  alerts: ParsedAlert[];
  /** Feed entries that only link to their alert (application/cap+xml). */
  links: string[];
  /** Set when the document as a whole is unusable (not XML, neither an alert nor a feed). */
  problem: string | null;
}

const MAX_DOCUMENT_CHARS = 5 * 1024 * 1024;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  // NOTE: external entities are never resolved by fast-xml-parser; the size cap bounds entity expansion.
  processEntities: true,
  isArray: (name) =>
    ['entry', 'info', 'area', 'polygon', 'circle', 'category', 'link', 'alert'].includes(name),
});

const rewriter = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
});

type Node = Record<string, unknown>;

function text(node: unknown): string | null {
  if (typeof node === 'string') return node.trim();
  if (node && typeof node === 'object' && typeof (node as Node)['#text'] === 'string')
    return ((node as Node)['#text'] as string).trim();
  return null;
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function oneOf<T extends string>(
  field: string,
  value: string | null,
  allowed: readonly T[],
  problems: string[],
): T {
  if (value !== null && (allowed as readonly string[]).includes(value)) return value as T;
  problems.push(
    value === null
      ? `${field}: missing`
      : `${field}: "${value.slice(0, 40)}" is not one of ${allowed.join(', ')}`,
  );
  return allowed[allowed.length - 1]!;
}

/** The first info in English, else the first. */
function pickInfo(infos: Node[]): Node | undefined {
  return infos.find((i) => (text(i.language) ?? 'en-US').toLowerCase().startsWith('en')) ?? infos[0];
}

/** One `<alert>` element (already parsed) checked and turned into a warning. */
export function readAlert(alert: Node, xml: string): ParsedAlert {
  const problems: string[] = [];
  const identifier = text(alert.identifier);
  const sender = text(alert.sender);
  if (!identifier) problems.push('identifier: missing');
  if (!sender) problems.push('sender: missing');
  const sentText = text(alert.sent);
  const sent = sentText === null ? null : parseCapDateTime(sentText);
  if (sent === null)
    problems.push(
      sentText === null
        ? 'sent: missing'
        : `sent: "${sentText.slice(0, 40)}" is not a CAP date-time like 2026-12-02T08:00:00-08:00`,
    );
  const status = oneOf('status', text(alert.status), CAP_STATUSES, problems);
  const msgType = oneOf('msgType', text(alert.msgType), CAP_MSG_TYPES, problems);
  const info = pickInfo(list(alert.info) as Node[]);
  if (!info) problems.push('info: missing (nothing to show)');
  const event = info ? text(info.event) : null;
  if (info && !event) problems.push('info.event: missing');
  const severity = info ? oneOf('info.severity', text(info.severity), CAP_SEVERITIES, problems) : 'Unknown';
  const urgency = info ? oneOf('info.urgency', text(info.urgency), CAP_URGENCIES, problems) : 'Unknown';
  const certainty = info
    ? oneOf('info.certainty', text(info.certainty), CAP_CERTAINTIES, problems)
    : 'Unknown';
  const expiresText = info ? text(info.expires) : null;
  const expires = expiresText === null ? null : parseCapDateTime(expiresText);
  if (expiresText !== null && expires === null)
    problems.push(`info.expires: "${expiresText.slice(0, 40)}" is not a CAP date-time`);
  const polygons: Ring[][] = [];
  const names: string[] = [];
  for (const area of (info ? list(info.area) : []) as Node[]) {
    const name = text(area.areaDesc);
    if (name) names.push(name);
    for (const p of list(area.polygon)) {
      const ring = parseCapPolygon(text(p) ?? '');
      if (typeof ring === 'string') problems.push(`info.area: ${ring}`);
      else polygons.push([ring]);
    }
    for (const c of list(area.circle)) {
      const ring = parseCapCircle(text(c) ?? '');
      if (typeof ring === 'string') problems.push(`info.area: ${ring}`);
      else polygons.push([ring]);
    }
  }
  if (info && polygons.length === 0 && msgType !== 'Cancel')
    problems.push('info.area: no polygon or circle (a place is needed to draw the warning)');
  if (problems.length > 0) return { ok: false, identifier, reason: problems.join('; ') };
  return {
    ok: true,
    warning: {
      identifier: identifier!,
      sender: sender!,
      sent: sent!,
      status,
      msgType,
      references: (text(alert.references) ?? '').split(/\s+/).filter((r) => r !== ''),
      expires,
      event: event!,
      severity,
      urgency,
      certainty,
      headline: info ? text(info.headline) : null,
      areaDesc: names.join('; ') || 'unnamed area',
      areas: { type: 'MultiPolygon', coordinates: polygons },
      xml,
    },
  };
}

/** A CAP alert document or an Atom feed of them, read as far as it can be. */
export function parseCapDocument(xml: string): ParsedDocument {
  if (xml.length > MAX_DOCUMENT_CHARS)
    return { alerts: [], links: [], problem: `document: larger than ${MAX_DOCUMENT_CHARS} characters` };
  let doc: Node;
  try {
    doc = parser.parse(xml, true) as Node;
  } catch (err) {
    const raw = (err as { err?: { msg?: string } }).err?.msg ?? (err as Error).message;
    // NOTE: the parser lists unclosed tags as a JSON array ("Invalid '["alert","identifier"]' found.").
    const unclosed = /^Invalid '\[(.*)\]' found/s.exec(raw)?.[1];
    const why = unclosed
      ? `unclosed: ${unclosed
          .replace(/[\s"]+/g, '')
          .split(',')
          .join(', ')}`
      : raw;
    return { alerts: [], links: [], problem: `document: not well-formed XML (${why})` };
  }
  const alerts = list(doc.alert) as Node[];
  if (alerts.length > 0) return { alerts: alerts.map((a) => readAlert(a, xml)), links: [], problem: null };
  const feed = doc.feed as Node | undefined;
  if (!feed || typeof feed !== 'object')
    return { alerts: [], links: [], problem: 'document: neither a CAP <alert> nor an Atom <feed>' };
  const result: ParsedDocument = { alerts: [], links: [], problem: null };
  for (const entry of list(feed.entry) as Node[]) {
    const embedded = (list((entry.content as Node | undefined)?.alert) as Node[])[0];
    if (embedded) {
      const rewritten = rewriter.build({ alert: { '@_xmlns': CAP_NAMESPACE, ...embedded } });
      result.alerts.push(readAlert(embedded, `<?xml version="1.0" encoding="UTF-8"?>\n${rewritten}`));
      continue;
    }
    const link = (list(entry.link) as Node[]).find(
      (l) => l['@_type'] === 'application/cap+xml' || /\.(cap|xml)$/.test(String(l['@_href'] ?? '')),
    );
    const href = link ? String(link['@_href'] ?? '') : '';
    if (href) result.links.push(href);
    else
      result.alerts.push({
        ok: false,
        identifier: text(entry.id),
        reason: 'entry: neither an embedded CAP alert nor a link to one',
      });
  }
  return result;
}
