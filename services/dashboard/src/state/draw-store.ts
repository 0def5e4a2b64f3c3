/**
 * The public alert area being drawn on the map: whether drawing is on and the corners clicked so far
 * (lon, lat, in clicking order). Shared by the alert form (which starts, undoes, clears and reads it) and the
 * map (which adds a corner per click and draws the shape). Transient: not in the URL.
 */
import { create } from 'zustand';

export type LonLat = [number, number];

/** An area needs at least this many corners to be a polygon (the API's rule too). */
export const MIN_CORNERS = 3;

interface DrawStore {
  /** True while map clicks add corners (instead of opening incidents). */
  drawing: boolean;
  corners: LonLat[];
  /** Starts drawing a new area (any earlier corners are dropped). */
  start: () => void;
  /** Adds a corner; ignored when not drawing, or when it repeats the last corner (a double click). */
  add: (corner: LonLat) => void;
  undo: () => void;
  clear: () => void;
  /** Stops adding corners but keeps them (Escape): map clicks open incidents again. */
  pause: () => void;
  /** Goes on adding corners to those kept. */
  resume: () => void;
  /** Stops drawing and forgets the corners (the form closed, or another area chosen). */
  stop: () => void;
}

export const useDrawStore = create<DrawStore>()((set, get) => ({
  drawing: false,
  corners: [],
  start: () => set({ drawing: true, corners: [] }),
  add: (corner) => {
    const { drawing, corners } = get();
    if (!drawing) return;
    const last = corners.at(-1);
    // NOTE: a double click gives two clicks on the same spot; a repeated corner adds nothing to the shape.
    if (last && last[0] === corner[0] && last[1] === corner[1]) return;
    set({ corners: [...corners, corner] });
  },
  undo: () => set({ corners: get().corners.slice(0, -1) }),
  clear: () => set({ corners: [] }),
  pause: () => set({ drawing: false }),
  resume: () => set({ drawing: true }),
  stop: () => {
    if (get().drawing || get().corners.length > 0) set({ drawing: false, corners: [] });
  },
}));

/** The corners as a closed ring (first corner repeated at the end), the way a polygon is drawn and sent. */
export function closedRing(corners: readonly LonLat[]): LonLat[] {
  const first = corners[0];
  if (!first || corners.length < MIN_CORNERS) return [...corners];
  const last = corners.at(-1);
  if (last && last[0] === first[0] && last[1] === first[1]) return [...corners];
  return [...corners, first];
}
