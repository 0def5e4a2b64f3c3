/**
 * What the replay shows right now, shared by the replay panel and the map: the session (clock and data),
 * the frame at the playhead, and the sensors' binary data then. The panel's animation loop writes it; the
 * map reads the frame's arrays, which stay the same objects between events, so it redraws only on change.
 * The panel's text reads `shown`, which follows the playhead a few times a second while playing (see there).
 */

import { create } from 'zustand';
import type { HeatPoint } from '../layers/window-heat-layers.js';
import type { SensorLayerData } from '../live/sensor-store.js';
import type { ReplayFrame } from './frame.js';
import type { IncidentSpans } from './incident-spans.js';
import type { LoadProblem } from './load-problem.js';
import type { PlaybackState } from './playback-clock.js';
import type { ReplaySession } from './replay-session.js';
import type { ReplaySensors } from './sensor-frame.js';
import type { UnitChipSpans } from './unit-chip-spans.js';

/** The playhead and its frame as the panel's text shows them. */
export interface ShownFrame {
  t: number;
  frame: ReplayFrame | null;
}

export interface ReplayView {
  session: ReplaySession | null;
  /** The playhead (data time). */
  t: number;
  speed: number;
  state: PlaybackState;
  /** The frame at the playhead, or null while the data for it is loading (never a wrong frame). */
  frame: ReplayFrame | null;
  /**
   * What the panel's text (clock, open list, KPIs, playheads) shows: the playhead and its frame, at most a
   * few times a second of wall time while playing and at once otherwise (shown-frame.ts). At 600× the
   * map moves 10 s of data per animation frame; text that changes sixty times a second cannot be read, and
   * laying the panel out again every frame would cost the map its frame rate.
   */
  shown: ShownFrame;
  /**
   * The open states of the incidents around the playhead as spans of time, and the units' chips likewise
   * (map-window.ts): what the map draws, filtered at the playhead.
   */
  spans: IncidentSpans | null;
  chips: UnitChipSpans | null;
  sensors: ReplaySensors | null;
  sensorData: SensorLayerData | null;
  /** The frame is drawn but the sensor values for it are still on their way (the map shows none). */
  sensorsPending: boolean;
  /** Slices loaded of all, and the parts of the window that could not be loaded (being tried again or refused). */
  loaded: number;
  total: number;
  problems: readonly LoadProblem[];
  /** The window's incidents as a heatmap on the map, when the analysis panel shows it. */
  heatPoints: HeatPoint[] | null;
  /** Where "Back to live" goes: the view the user came from (in-app address). */
  returnTo: string;
}

interface ReplayStore extends ReplayView {
  update: (patch: Partial<ReplayView>) => void;
  setReturnTo: (href: string) => void;
}

export const NOTHING_SHOWN: ShownFrame = { t: 0, frame: null };

export const useReplayStore = create<ReplayStore>()((set) => ({
  session: null,
  t: 0,
  speed: 60,
  state: 'paused',
  frame: null,
  shown: NOTHING_SHOWN,
  spans: null,
  chips: null,
  sensors: null,
  sensorData: null,
  sensorsPending: false,
  loaded: 0,
  total: 0,
  problems: [],
  returnTo: '/',
  heatPoints: null,
  update: (patch) => set(patch),
  setReturnTo: (href) => set({ returnTo: href }),
}));
