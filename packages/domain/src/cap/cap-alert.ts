/**
 * The parts of a CAP 1.2 alert (OASIS Common Alerting Protocol, version 1.2) this product writes and reads,
 * as plain data: the vocabularies the standard fixes, and the alert, info and area shapes. The builder
 * (build-alert.ts) makes one from an incident, the XML writer (cap-xml.ts) writes it, the parser
 * (parse-cap.ts) reads other agencies' alerts. Element names are the standard's, so the XML follows directly.
 */

export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export type CapSeverity = (typeof CAP_SEVERITIES)[number];

export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export type CapUrgency = (typeof CAP_URGENCIES)[number];

export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;
export type CapCertainty = (typeof CAP_CERTAINTIES)[number];

export const CAP_CATEGORIES = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const;
export type CapCategory = (typeof CAP_CATEGORIES)[number];

export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export type CapStatus = (typeof CAP_STATUSES)[number];

export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export type CapMsgType = (typeof CAP_MSG_TYPES)[number];

/** What a lead may issue: a new alert, an update of it, or its cancellation. */
export const ISSUED_MSG_TYPES = ['Alert', 'Update', 'Cancel'] as const;
export type IssuedMsgType = (typeof ISSUED_MSG_TYPES)[number];

/** What a lead may mark an alert as: real, or an exercise. */
export const ISSUED_STATUSES = ['Actual', 'Exercise'] as const;
export type IssuedStatus = (typeof ISSUED_STATUSES)[number];

export interface CapArea {
  areaDesc: string;
  /** Each a closed ring as CAP writes it: "lat,lon lat,lon …", the first pair repeated last. */
  polygon: string[];
  /** Each "lat,lon radius" with the radius in kilometres. */
  circle: string[];
}

export interface CapInfo {
  language: string;
  category: CapCategory[];
  event: string;
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  /** CAP date-time (see capDateTime). */
  expires: string;
  senderName: string;
  headline: string;
  description: string;
  instruction: string | null;
  web: string | null;
  area: CapArea[];
}

export interface CapAlert {
  identifier: string;
  sender: string;
  sent: string;
  status: IssuedStatus;
  msgType: IssuedMsgType;
  scope: 'Public';
  /** Earlier alerts this one updates or cancels: "sender,identifier,sent" each, space-separated. */
  references: string | null;
  info: CapInfo;
}

/** An earlier alert, as another one references it. */
export interface CapReference {
  sender: string;
  identifier: string;
  sent: string;
}

export function referencesText(earlier: readonly CapReference[]): string | null {
  if (earlier.length === 0) return null;
  return earlier.map((r) => `${r.sender},${r.identifier},${r.sent}`).join(' ');
}
