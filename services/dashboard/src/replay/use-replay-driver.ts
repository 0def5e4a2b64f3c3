/**
 * Runs the replay while the replay view is open: one session per window (from the URL), an animation loop
 * that moves the clock, fetches ahead, and publishes the frame at the playhead to the replay store — only
 * what changed, so a paused replay costs a comparison per frame. The playhead and speed are written back to
 * the URL when playback stops, is stepped or scrubbed, so the address is always the shareable frame.
 */
import { useEffect, useRef } from 'react';
import { fetchReplayReadings, fetchReplaySlice } from '../api/replay.js';
import type { ColorOf } from '../layers/colors.js';
import { useLiveSensors } from '../live/sensor-store-context.js';
import { useUiStore } from '../state/ui-store.js';
import { type ReplayFilter, ReplayFramer, ReplayViews } from './frame.js';
import { type IncidentSpans, incidentSpans, type TimeWindow } from './incident-spans.js';
import { mapWindowAround, windowHolds } from './map-window.js';
import { ReplaySession } from './replay-session.js';
import { NOTHING_SHOWN, useReplayStore } from './replay-store.js';
import { ReplaySensors } from './sensor-frame.js';
import { ShownFollower } from './shown-frame.js';
import { type UnitChipSpans, unitChipSpans } from './unit-chip-spans.js';

export function useReplayDriver(filter: ReplayFilter, colorOf: ColorOf): void {
  const replay = useUiStore((s) => s.url.replay);
  const update = useReplayStore((s) => s.update);
  const { sensors, structureVersion } = useLiveSensors();
  const from = replay?.from ?? null;
  const to = replay?.to ?? null;
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const sensorsRef = useRef<ReplaySensors | null>(null);

  // Sensors: rebuilt when the fleet's shape, the colours or the department filter change.
  useEffect(() => {
    void structureVersion;
    sensorsRef.current = new ReplaySensors(sensors, { colorOf, department: filter.department });
    update({ sensors: sensorsRef.current, sensorData: null });
  }, [sensors, structureVersion, colorOf, filter.department, update]);

  useEffect(() => {
    if (from === null || to === null) {
      update({
        session: null,
        frame: null,
        shown: NOTHING_SHOWN,
        spans: null,
        chips: null,
        sensorData: null,
        loaded: 0,
        total: 0,
        problems: [],
      });
      return;
    }
    const initial = useUiStore.getState().url.replay;
    const session = new ReplaySession(
      from,
      to,
      { t: initial?.t ?? null, speed: initial?.speed ?? null },
      { slice: fetchReplaySlice, readings: fetchReplayReadings },
    );
    const views = new ReplayViews();
    const framer = new ReplayFramer(session.index, views);
    update({
      session,
      frame: null,
      shown: NOTHING_SHOWN,
      spans: null,
      chips: null,
      sensorData: null,
      loaded: 0,
      total: session.slices.length,
      problems: session.problems,
    });
    let raf = 0;
    let lastSensors: ReplaySensors | null = null;
    const shownFollower = new ShownFollower();
    // The map's spans (incidents and unit chips) over a stretch around the playhead (map-window.ts): made
    // again when the playhead leaves it, the filter changes, or a slice adds data inside it.
    let spansOf: { window: TimeWindow; indexTo: number | null; filter: ReplayFilter } | null = null;
    let spans: IncidentSpans | null = null;
    let chips: UnitChipSpans | null = null;
    const loop = () => {
      raf = requestAnimationFrame(loop);
      const wasPlaying = session.clock.isPlaying;
      const now = performance.now();
      session.clock.tick(now);
      session.pump();
      const clock = session.clock;
      const t = clock.playhead;
      const ready = clock.frameReady && session.loaded > 0;
      const frame = ready ? framer.frameAt(t, filterRef.current) : null;
      const { index } = session;
      const filter = filterRef.current;
      if (
        !spansOf ||
        !windowHolds(spansOf.window, t) ||
        (spansOf.indexTo !== index.to && (spansOf.indexTo === null || spansOf.window.to > spansOf.indexTo)) ||
        spansOf.filter.department !== filter.department ||
        spansOf.filter.category !== filter.category
      ) {
        const window = mapWindowAround(t, clock.rate);
        spansOf = { window, indexTo: index.to, filter: { ...filter } };
        spans = incidentSpans(index, filter, from, views, window);
        chips = unitChipSpans(index, from, window.from, window.to);
      }
      const sensors = sensorsRef.current;
      const chunk = ready ? session.chunkAt(t) : null;
      const sensorData = chunk && sensors ? sensors.update(t, chunk) : null;
      const sensorsPending = ready && !chunk;
      const current = useReplayStore.getState();
      const state = clock.state();
      if (
        current.t !== t ||
        current.state !== state ||
        current.speed !== clock.rate ||
        current.frame?.open !== frame?.open ||
        (current.frame === null) !== (frame === null) ||
        current.sensorData !== sensorData ||
        current.loaded !== session.loaded ||
        current.problems !== session.problems ||
        current.sensorsPending !== sensorsPending ||
        current.spans !== spans ||
        current.chips !== chips ||
        lastSensors !== sensors
      ) {
        lastSensors = sensors;
        const shown = shownFollower.next(current.shown, t, frame, state, now);
        update({
          t,
          state,
          speed: clock.rate,
          frame,
          shown,
          spans,
          chips,
          sensorData,
          loaded: session.loaded,
          problems: session.problems,
          sensorsPending,
        });
      }
      // Playback ended by itself: the address keeps the frame it stopped on.
      if (wasPlaying && !clock.isPlaying) writePlayhead(session);
    };
    raf = requestAnimationFrame(loop);
    return () => {
      cancelAnimationFrame(raf);
      session.dispose();
    };
  }, [from, to, update]);
}

/** Writes the playhead and speed into the address (replacing the entry: scrubbing is not history). */
export function writePlayhead(session: ReplaySession): void {
  const { url, setUrlState } = useUiStore.getState();
  if (!url.replay) return;
  const t = Math.round(session.clock.playhead);
  const speed = session.clock.rate;
  if (url.replay.t === t && url.replay.speed === speed) return;
  setUrlState({ replay: { ...url.replay, t, speed } }, { replace: true });
}
