/**
 * The wall's own state: the ticker's entries, the incidents flashing as newly critical, and whether the
 * alert tone is on (a choice of this screen, kept in its browser; off by default).
 */
import { type IncidentView, isOpen } from '@twin/domain';
import { create } from 'zustand';
import { addEntries, entriesFromChange, seedEntries, type TickerEntry } from '../lib/ticker.js';

/** How long a new critical incident pulses on the map and in the ticker. */
export const FLASH_MS = 7_200;
const SOUND_KEY = 'twin.wall.sound';

interface WallStore {
  entries: TickerEntry[];
  /** incidentId → until when it flashes (epoch ms). */
  flashes: Record<string, number>;
  soundOn: boolean;
  setSoundOn: (on: boolean) => void;
  /** The live set as first seen (a snapshot or the cache when the wall opens): the ticker starts from it. */
  baseline: (incidents: readonly IncidentView[]) => void;
  /** Changed incidents: new ticker entries; returns the entries that are newly critical. */
  apply: (changed: readonly IncidentView[], now: number) => TickerEntry[];
}

function readSound(): boolean {
  try {
    return globalThis.localStorage?.getItem(SOUND_KEY) === 'on';
  } catch {
    return false;
  }
}

// NOTE: the last state seen of every incident, to read what a change did; outside React, it changes often.
const known = new Map<string, IncidentView>();

/** Past this many remembered incidents, settled ones are forgotten (a wall runs for days). */
const KNOWN_LIMIT = 5_000;
const SETTLED_MS = 2 * 3600_000;

function forgetSettled(now: number): void {
  for (const [id, incident] of known)
    if (!isOpen(incident) && now - incident.updatedAt > SETTLED_MS) known.delete(id);
}

export const useWallStore = create<WallStore>()((set, get) => ({
  entries: [],
  flashes: {},
  soundOn: readSound(),
  setSoundOn: (on) => {
    try {
      globalThis.localStorage?.setItem(SOUND_KEY, on ? 'on' : 'off');
    } catch {
      // A browser that refuses storage still gets the choice for this session.
    }
    set({ soundOn: on });
  },
  baseline: (incidents) => {
    const first = known.size === 0;
    if (!first) {
      // A resync after a reconnect: what changed meanwhile becomes entries like any other change.
      get().apply(incidents, Date.now());
      return;
    }
    for (const incident of incidents) known.set(incident.incidentId, incident);
    if (get().entries.length === 0) set({ entries: seedEntries(incidents) });
  },
  apply: (changed, now) => {
    const added: TickerEntry[] = [];
    for (const incident of changed) {
      for (const e of entriesFromChange(known.get(incident.incidentId), incident))
        added.push({ ...e, seenAt: now });
      known.set(incident.incidentId, incident);
    }
    if (known.size > KNOWN_LIMIT) forgetSettled(now);
    if (added.length === 0) return [];
    const critical = added.filter((e) => e.critical);
    // NOTE: a new `flashes` object only when a flash starts or one has ended: the map and the wall panel
    // re-render when it changes, and most changes (every few hundred ms at city scale) flash nothing.
    const current = get().flashes;
    const ended = Object.keys(current).filter((id) => (current[id] ?? 0) <= now);
    let flashes = current;
    if (critical.length > 0 || ended.length > 0) {
      flashes = { ...current };
      for (const id of ended) delete flashes[id];
      for (const e of critical) flashes[e.incidentId] = now + FLASH_MS;
    }
    set({ entries: addEntries(get().entries, added), flashes });
    return critical;
  },
}));
