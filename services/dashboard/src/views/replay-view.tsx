/**
 * Replay: the city as it was at any moment of a past window, played at 1×…3600×, from the same store and
 * the same fold as live. The panel holds the window, the controls, the timeline and what was open then; the
 * map (components/city-map.tsx) draws the same frame from the replay store. The address is the shareable
 * frame: window, playhead, speed, filters and camera (state/replay-params.ts).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { AnalysisPanel } from '../components/replay/analysis-panel.js';
import { ExportButtons } from '../components/replay/export-buttons.js';
import { LoadProblems } from '../components/replay/load-problems.js';
import { ReplayFilters } from '../components/replay/replay-filters.js';
import { ReplayIncidents, ReplaySelected } from '../components/replay/replay-incidents.js';
import { ReplayKpis } from '../components/replay/replay-kpis.js';
import { ReplayTimeline } from '../components/replay/replay-timeline.js';
import { ReplayTrails } from '../components/replay/replay-trails.js';
import { replayCommand, Transport } from '../components/replay/transport.js';
import { WindowPicker } from '../components/replay/window-picker.js';
import { departmentNames, useDepartments } from '../hooks/use-department-colors.js';
import { applyCamera, currentCamera } from '../map/camera.js';
import { useReplayStore } from '../replay/replay-store.js';
import { useReplayDriver, writePlayhead } from '../replay/use-replay-driver.js';
import { useUiStore } from '../state/ui-store.js';
import '../styles/replay.css';

const KEYS: Record<string, Parameters<typeof replayCommand>[1]> = {
  ' ': 'toggle',
  ArrowRight: 'next',
  ArrowLeft: 'previous',
  '+': 'faster',
  '=': 'faster',
  '-': 'slower',
  _: 'slower',
};

export function ReplayPanel() {
  const url = useUiStore((s) => s.url);
  const { departments, colorOf } = useDepartments();
  const nameOf = useMemo(() => departmentNames(departments), [departments]);
  const filter = useMemo(
    () => ({ department: url.department, category: url.replay?.category ?? null }),
    [url.department, url.replay?.category],
  );
  useReplayDriver(filter, colorOf);
  const session = useReplayStore((s) => s.session);
  const loaded = useReplayStore((s) => s.loaded);
  const total = useReplayStore((s) => s.total);
  // Only a failure of the playhead's own span replaces "loading" (another span's problem is listed below).
  const sensorsFailing = useReplayStore((s) =>
    s.problems.some((p) => p.part === 'sensors' && p.from <= s.t && s.t <= p.to),
  );
  // A slice refused for good: the window loads no further (its problem below says why).
  const loadingStopped = useReplayStore((s) =>
    s.problems.some((p) => p.part === 'incidents' && p.retryAt === null),
  );
  const sensorsPending = useReplayStore((s) => s.sensorsPending);
  const returnTo = useReplayStore((s) => s.returnTo);
  useCameraFromLink();

  // Keyboard: Space play/pause, ←/→ step by event, +/− speed; not while typing in a field.
  useEffect(() => {
    if (!session) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const tag = target?.tagName;
      if (tag === 'INPUT' && (target as HTMLInputElement).type !== 'range') return;
      if (tag === 'TEXTAREA' || tag === 'SELECT' || e.ctrlKey || e.metaKey || e.altKey) return;
      // NOTE: Space on a focused button would click it as well: the key is the replay's, once.
      const command = KEYS[e.key];
      if (!command) return;
      e.preventDefault();
      replayCommand(session, command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session]);

  return (
    <aside className="panel panel--replay replay" aria-label="Replay" data-testid="replay-panel">
      <header className="replay__header">
        <h1>Replay</h1>
        <button
          type="button"
          className="replay__back"
          data-testid="replay-back-to-live"
          onClick={() => useUiStore.getState().openHref(returnTo)}
        >
          Back to live
        </button>
      </header>
      <WindowPicker current={url.replay} />
      {!session && (
        <p className="empty">Pick a window to replay: the last hour, the last 24 h, a range or a day.</p>
      )}
      {session && (
        <>
          <Transport session={session} />
          <ReplayFilters session={session} departments={departments} />
          <ReplayTimeline session={session} colorOf={colorOf} />
          <p className="replay__loading" data-testid="replay-progress" aria-live="polite">
            {loaded === total
              ? 'Whole window loaded.'
              : loadingStopped
                ? `Loading stopped after ${loaded} of ${total} parts of the window.`
                : `Loaded ${loaded} of ${total} parts of the window…`}
            {/* A failure says more than "loading": the problems below say what is missing and when it is tried. */}
            {sensorsPending && !sensorsFailing && (
              <span data-testid="replay-sensors-pending"> Sensor values for this moment are loading…</span>
            )}
          </p>
          <LoadProblems session={session} />
          <ShareLink />
          <ReplayTrails
            index={session.index}
            from={session.from}
            to={session.to}
            filter={filter}
            colorOf={colorOf}
            nameOf={nameOf}
          />
          <ReplaySelected index={session.index} nameOf={nameOf} />
          <ReplayIncidents nameOf={nameOf} loading={loaded === 0} />
          <ReplayKpis departments={departments} />
          <AnalysisPanel
            session={session}
            department={url.department}
            departments={departments}
            nameOf={nameOf}
          />
          <ExportButtons session={session} department={url.department} />
        </>
      )}
    </aside>
  );
}

/** A link to this very frame: the playhead, speed and camera written into the address, shown and copied. */
function ShareLink() {
  const session = useReplayStore((s) => s.session);
  const [link, setLink] = useState<string | null>(null);
  if (!session) return null;
  const share = () => {
    writePlayhead(session);
    const { url, setUrlState } = useUiStore.getState();
    if (url.replay) setUrlState({ replay: { ...url.replay, camera: currentCamera() } }, { replace: true });
    const href = window.location.href;
    setLink(href);
    void navigator.clipboard?.writeText(href).catch(() => {});
  };
  return (
    <div className="replay__share">
      <button type="button" data-testid="replay-share" onClick={share}>
        Link to this frame
      </button>
      {link && (
        <input
          className="replay__share-link"
          data-testid="replay-share-link"
          aria-label="Link to this frame"
          readOnly
          value={link}
          onFocus={(e) => e.target.select()}
        />
      )}
    </div>
  );
}

/** A link's camera is applied once, when the replay opens with it. */
function useCameraFromLink() {
  const applied = useRef(false);
  useEffect(() => {
    if (applied.current) return;
    const camera = useUiStore.getState().url.replay?.camera;
    if (!camera) return;
    applied.current = true;
    // NOTE: after the map's own first padding animation, which would otherwise move it again.
    const timer = setTimeout(() => applyCamera(camera), 400);
    return () => clearTimeout(timer);
  }, []);
}
