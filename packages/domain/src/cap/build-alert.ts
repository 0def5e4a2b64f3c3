/**
 * An incident as a CAP 1.2 alert for the public, built from what the service knows (the incident, the city,
 * the owning department) and what the lead chose (message type, urgency, certainty, wording, area, expiry).
 * Pure: the route gives it the identifier, the clock and the area's rings.
 */
import type { IncidentView } from '../views.js';
import {
  type CapAlert,
  type CapArea,
  type CapCategory,
  type CapCertainty,
  type CapReference,
  type CapSeverity,
  type CapUrgency,
  type IssuedMsgType,
  type IssuedStatus,
  referencesText,
} from './cap-alert.js';
import { capCircle, capPolygon, type Ring } from './cap-geometry.js';
import { capDateTime } from './cap-time.js';

export const DEFAULT_URGENCY: CapUrgency = 'Expected';
export const DEFAULT_CERTAINTY: CapCertainty = 'Likely';
export const DEFAULT_EXPIRES_IN_MIN = 120;
export const MAX_EXPIRES_IN_MIN = 7 * 24 * 60;

/** The incident's 1 (minor) … 5 (critical) as CAP's severity. */
export function capSeverity(severity: number): CapSeverity {
  if (severity >= 5) return 'Extreme';
  if (severity === 4) return 'Severe';
  if (severity === 3) return 'Moderate';
  if (severity >= 1) return 'Minor';
  return 'Unknown';
}

/** The CAP category of each kind of department, by the city pack's id or, failing that, its icon. */
const DEPARTMENT_CATEGORIES: Record<string, CapCategory> = {
  fire: 'Fire',
  ems: 'Health',
  ambulance: 'Health',
  health: 'Health',
  police: 'Security',
  shield: 'Security',
  'public-works': 'Infra',
  wrench: 'Infra',
  transport: 'Transport',
  bus: 'Transport',
  environment: 'Env',
  leaf: 'Env',
  water: 'Infra',
  droplet: 'Infra',
};

/** Words in an incident's category that say more than its department does. */
const CATEGORY_WORDS: [RegExp, CapCategory][] = [
  [/flood|storm|wind|heat|snow|rain|weather|tsunami/, 'Met'],
  [/earthquake|landslide|sinkhole/, 'Geo'],
  [/hazmat|chemical|gas-leak|radiolog|explosi/, 'CBRNE'],
  [/fire|smoke|alarm/, 'Fire'],
  [/medical|overdose|injur|illness/, 'Health'],
  [/rescue|trapped/, 'Rescue'],
  [/traffic|collision|road|transit|rail/, 'Transport'],
  [/water|sewer|power|outage|pothole/, 'Infra'],
  [/pollution|air-quality|spill|noise/, 'Env'],
];

/** The CAP categories of an incident: its department's, then one its category names (no repeats). */
export function capCategories(
  department: { id: string; icon?: string },
  categoryKey: string | null,
): CapCategory[] {
  const found: CapCategory[] = [];
  const own = DEPARTMENT_CATEGORIES[department.id] ?? DEPARTMENT_CATEGORIES[department.icon ?? ''];
  if (own) found.push(own);
  const word = CATEGORY_WORDS.find(([re]) => re.test(categoryKey ?? ''))?.[1];
  if (word && !found.includes(word)) found.push(word);
  return found.length > 0 ? found : ['Safety'];
}

/** The area an alert covers: a name and its polygons as GeoJSON rings ([lon, lat]). */
export interface AlertArea {
  name: string;
  rings: Ring[];
  /** Optional circle in addition (never instead of the polygons). */
  circle?: { center: [number, number]; radiusKm: number };
}

export interface LeadChoices {
  msgType: IssuedMsgType;
  status: IssuedStatus;
  urgency: CapUrgency;
  certainty: CapCertainty;
  /** Defaults to the incident's title, or its category and place. */
  headline?: string;
  description?: string;
  instruction?: string;
  expiresInMin: number;
}

export interface AlertInput {
  incident: Pick<IncidentView, 'incidentId' | 'category' | 'categoryKey' | 'severity' | 'title' | 'district'>;
  city: { id: string; name: string; timezone: string; locale?: string };
  department: { id: string; name: string; icon?: string };
  /** CAP_SENDER. */
  sender: string;
  /** A public page for more information (CAP_PUBLIC_URL), or null. */
  web: string | null;
  /** Unique and stable per alert (the route makes it once and stores it). */
  identifier: string;
  sentAt: number;
  choices: LeadChoices;
  area: AlertArea;
  /** The earlier alerts an Update or a Cancel refers to (empty for an Alert). */
  earlier: readonly CapReference[];
}

const MAX_HEADLINE = 160;

function defaultHeadline(input: AlertInput): string {
  const { incident, area, city } = input;
  const what = incident.title ?? incident.category ?? 'Incident';
  return `${what} — ${area.name}, ${city.name}`.slice(0, MAX_HEADLINE);
}

function defaultDescription(input: AlertInput): string {
  const { incident, department, area } = input;
  const kind = incident.category ? ` (${incident.category})` : '';
  return `${department.name} is responding to an incident${kind} in ${area.name}.`;
}

/** The CAP alert for an incident. Throws when the area has no polygon (CAP needs a place, not a point). */
export function buildCapAlert(input: AlertInput): CapAlert {
  const { incident, city, department, choices, area } = input;
  if (area.rings.length === 0) throw new Error(`area "${area.name}" has no polygon`);
  const sent = capDateTime(input.sentAt, city.timezone);
  const expires = capDateTime(input.sentAt + choices.expiresInMin * 60_000, city.timezone);
  const capArea: CapArea = {
    areaDesc: area.name,
    polygon: area.rings.map(capPolygon),
    circle: area.circle ? [capCircle(area.circle.center, area.circle.radiusKm)] : [],
  };
  const cancel = choices.msgType === 'Cancel';
  return {
    identifier: input.identifier,
    sender: input.sender,
    sent,
    status: choices.status,
    msgType: choices.msgType,
    scope: 'Public',
    references: choices.msgType === 'Alert' ? null : referencesText(input.earlier),
    info: {
      language: city.locale ?? 'en-US',
      category: capCategories(department, incident.categoryKey),
      event: incident.category ?? 'Incident',
      // NOTE: a cancellation says the danger is past; CAP has "Past" urgency for that.
      urgency: cancel ? 'Past' : choices.urgency,
      severity: capSeverity(incident.severity),
      certainty: choices.certainty,
      expires,
      senderName: department.name,
      headline: (cancel
        ? `Cancelled: ${choices.headline ?? defaultHeadline(input)}`
        : (choices.headline ?? defaultHeadline(input))
      ).slice(0, MAX_HEADLINE),
      description: choices.description ?? defaultDescription(input),
      instruction: choices.instruction ?? null,
      web: input.web,
      area: [capArea],
    },
  };
}
