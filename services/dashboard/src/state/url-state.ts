/**
 * Everything that defines what a view shows lives in the URL's search params, so a link reproduces the
 * view. Decoding is forgiving (a bad value falls back to its default); encoding omits defaults and keeps a
 * fixed key order, so equal states give equal URLs.
 */
import { DEPARTMENT_ID_REGEX, ID_REGEX, INCIDENT_STATUSES } from '@twin/domain';
import type { StatusFilter } from '../api/incidents.js';
import {
  DEPARTMENT_ALIAS,
  decodeReplayParams,
  encodeReplayParams,
  type ReplayParams,
} from './replay-params.js';

export interface UrlState {
  /** Department filter (owner or assisting). */
  department: string | null;
  status: StatusFilter;
  district: string | null;
  /** 1–5; null = any. */
  minSeverity: number | null;
  /** Selected incident id. */
  incident: string | null;
  /** The department the user acts as in the drill-down. */
  acting: string | null;
  /** The replay's window, playhead, speed, category and camera (replay-params.ts); null elsewhere. */
  replay: ReplayParams | null;
}

export const DEFAULT_URL_STATE: UrlState = {
  department: null,
  status: 'open',
  district: null,
  minSeverity: null,
  incident: null,
  acting: null,
  replay: null,
};

const STATUS_VALUES: readonly string[] = ['open', 'all', ...INCIDENT_STATUSES];

function text(value: string | null, pattern?: RegExp): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (!trimmed || trimmed.length > 200) return null;
  return !pattern || pattern.test(trimmed) ? trimmed : null;
}

export function decodeUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const status = params.get('status');
  const severity = Number(params.get('minSeverity'));
  return {
    // NOTE: replay links once spelled the filter `dept`; links already shared still open filtered.
    department: text(params.get('department') ?? params.get(DEPARTMENT_ALIAS), DEPARTMENT_ID_REGEX),
    status: status && STATUS_VALUES.includes(status) ? (status as StatusFilter) : DEFAULT_URL_STATE.status,
    district: text(params.get('district')),
    minSeverity: Number.isInteger(severity) && severity >= 1 && severity <= 5 ? severity : null,
    incident: text(params.get('incident'), ID_REGEX),
    acting: text(params.get('acting'), DEPARTMENT_ID_REGEX),
    replay: decodeReplayParams(params),
  };
}

export function encodeUrlState(state: UrlState): string {
  const params = new URLSearchParams();
  // One spelling in every view, the replay's shareable link included.
  if (state.department) params.set('department', state.department);
  if (state.status !== DEFAULT_URL_STATE.status) params.set('status', state.status);
  if (state.district) params.set('district', state.district);
  if (state.minSeverity !== null) params.set('minSeverity', String(state.minSeverity));
  if (state.incident) params.set('incident', state.incident);
  if (state.acting) params.set('acting', state.acting);
  if (state.replay) encodeReplayParams(state.replay, params);
  const search = params.toString();
  return search ? `?${search}` : '';
}

export function patchUrlState(state: UrlState, patch: Partial<UrlState>): UrlState {
  return { ...state, ...patch };
}
