/**
 * CAP alerts and their Atom feed as XML, written with fast-xml-parser's XMLBuilder (it escapes text and
 * attributes; the default namespace is an ordinary `xmlns` attribute, which is all CAP and Atom need).
 * Element order is the XSD's sequence order: the objects below list their keys in that order.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { CAP_NAMESPACE, type CapAlert } from './cap-alert.js';

export const CAP_CONTENT_TYPE = 'application/cap+xml';
export const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  indentBy: '  ',
  suppressEmptyNode: true,
});

const DECLARATION = { '@_version': '1.0', '@_encoding': 'UTF-8' };

/** Drops null fields, so an absent optional element is not written at all. */
function present<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
}

/** The `<alert>` element as XMLBuilder input. */
function alertElement(alert: CapAlert) {
  const { info } = alert;
  return {
    '@_xmlns': CAP_NAMESPACE,
    ...present({
      identifier: alert.identifier,
      sender: alert.sender,
      sent: alert.sent,
      status: alert.status,
      msgType: alert.msgType,
      scope: alert.scope,
      references: alert.references,
    }),
    info: present({
      language: info.language,
      category: info.category,
      event: info.event,
      urgency: info.urgency,
      severity: info.severity,
      certainty: info.certainty,
      expires: info.expires,
      senderName: info.senderName,
      headline: info.headline,
      description: info.description,
      instruction: info.instruction,
      web: info.web,
      area: info.area.map((a) => ({
        areaDesc: a.areaDesc,
        ...(a.polygon.length > 0 ? { polygon: a.polygon } : {}),
        ...(a.circle.length > 0 ? { circle: a.circle } : {}),
      })),
    }),
  };
}

/** A CAP alert as a standalone XML document. */
export function capAlertXml(alert: CapAlert): string {
  return builder.build({ '?xml': DECLARATION, alert: alertElement(alert) });
}

// NOTE: reads back only what capAlertXml wrote, to embed it in the feed: text stays text (no number
// guessing) and the xmlns attribute is kept.
const readBack = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false });

export interface FeedEntry {
  /** The stored XML of the alert (capAlertXml). */
  xml: string;
  identifier: string;
  headline: string;
  /** Epoch ms the alert was sent. */
  sentAt: number;
  /** Where the alert's own document is served (`…/alerts/<id>.cap`). */
  href: string;
}

export interface FeedHead {
  /** The feed's own address. */
  selfHref: string;
  title: string;
  author: string;
  /** Epoch ms of the newest change (the newest entry, or now for an empty feed). */
  updatedAt: number;
}

/** An Atom feed of alerts, each entry with its CAP alert embedded and a link to its own document. */
export function capAtomFeed(head: FeedHead, entries: readonly FeedEntry[]): string {
  return builder.build({
    '?xml': DECLARATION,
    feed: {
      '@_xmlns': ATOM_NAMESPACE,
      id: head.selfHref,
      title: head.title,
      updated: new Date(head.updatedAt).toISOString(),
      author: { name: head.author },
      link: { '@_rel': 'self', '@_href': head.selfHref },
      entry: entries.map((e) => ({
        id: `urn:cap:${e.identifier}`,
        title: e.headline,
        updated: new Date(e.sentAt).toISOString(),
        link: { '@_rel': 'alternate', '@_type': CAP_CONTENT_TYPE, '@_href': e.href },
        content: { '@_type': CAP_CONTENT_TYPE, alert: readBack.parse(e.xml).alert },
      })),
    },
  });
}
