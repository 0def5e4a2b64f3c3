/**
 * UI state only (which view, filters, selection, acting department) — server data stays in the query cache.
 * The URL is the source of truth: every change is written to history and decoded back, so reloading or
 * sharing the link reproduces the view, and Back/Forward work.
 */
import { create } from 'zustand';
import { matchRoute, type RouteName } from '../router/routes.js';
import { decodeUrlState, encodeUrlState, type UrlState } from './url-state.js';

/** An incident pointed at, and where: the list scrolls to a row only when the pointing was on the map. */
export interface HoveredIncident {
  incidentId: string;
  source: 'map' | 'list';
}

interface UiStore {
  pathname: string;
  route: RouteName;
  url: UrlState;
  /** Goes to a path, keeping the current search state unless `patch` changes it. */
  navigate: (pathname: string, patch?: Partial<UrlState>, options?: { replace?: boolean }) => void;
  /** Changes search state on the current path. */
  setUrlState: (patch: Partial<UrlState>, options?: { replace?: boolean }) => void;
  /** Re-reads window.location (after Back/Forward). */
  syncFromLocation: () => void;
  /** Goes to a full in-app address (path and search), e.g. back to where someone was before signing in. */
  openHref: (href: string, options?: { replace?: boolean }) => void;
  /** A kiosk wall: every navigation away from the wall is ignored (there is nobody to navigate back). */
  wallOnly: boolean;
  setWallOnly: (on: boolean) => void;
  /** Transient (not in the URL): the incident under the pointer in the list or on the map. */
  hoveredIncident: HoveredIncident | null;
  setHoveredIncident: (hovered: HoveredIncident | null) => void;
}

function fromLocation() {
  const { pathname, search } = window.location;
  return { pathname, route: matchRoute(pathname), url: decodeUrlState(search) };
}

export const useUiStore = create<UiStore>()((set, get) => ({
  ...fromLocation(),
  navigate: (pathname, patch = {}, options = {}) => {
    if (get().wallOnly && matchRoute(pathname) !== 'wall') return;
    const url = { ...get().url, ...patch };
    // The replay's window belongs to the replay: leaving it leaves a plain link behind.
    if (matchRoute(pathname) !== 'replay') url.replay = null;
    const href = `${pathname}${encodeUrlState(url)}`;
    if (href !== `${window.location.pathname}${window.location.search}`) {
      if (options.replace) window.history.replaceState(null, '', href);
      else window.history.pushState(null, '', href);
    }
    set({ pathname, route: matchRoute(pathname), url });
  },
  setUrlState: (patch, options) => get().navigate(get().pathname, patch, options),
  syncFromLocation: () => set(fromLocation()),
  openHref: (href, options = {}) => {
    if (href !== `${window.location.pathname}${window.location.search}`) {
      if (options.replace) window.history.replaceState(null, '', href);
      else window.history.pushState(null, '', href);
    }
    set(fromLocation());
  },
  wallOnly: false,
  setWallOnly: (on) => set({ wallOnly: on }),
  hoveredIncident: null,
  setHoveredIncident: (hovered) => {
    const current = get().hoveredIncident;
    // NOTE: pointer moves fire many times over one object: only a change re-renders the list and the map.
    if (current?.incidentId === hovered?.incidentId && current?.source === hovered?.source) return;
    set({ hoveredIncident: hovered });
  },
}));

/** Listens to Back/Forward. Called once at start-up (not at import, so tests can import without a window). */
export function startHistorySync(): () => void {
  const onPopState = () => useUiStore.getState().syncFromLocation();
  window.addEventListener('popstate', onPopState);
  return () => window.removeEventListener('popstate', onPopState);
}
