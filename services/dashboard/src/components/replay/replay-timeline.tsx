/**
 * The window along one line: incidents reported per department as stacked bars (a small canvas), the
 * playhead, and a slider to scrub (keyboard and screen readers use the slider; the canvas only draws).
 * The incidents' own intervals are the trails under it (replay-trails.tsx).
 *
 * NOTE: only the playhead line and the slider follow the playhead (every animation frame while playing);
 * the bars are drawn when a slice joins, so a frame costs a style change, not a canvas redraw.
 */
import { type CSSProperties, useEffect, useMemo, useRef } from 'react';
import { useCityTime } from '../../hooks/use-city-time.js';
import type { ColorOf } from '../../layers/colors.js';
import { cssColor } from '../../layers/colors.js';
import { formatDateTime } from '../../lib/format.js';
import type { ReplaySession } from '../../replay/replay-session.js';
import { useReplayStore } from '../../replay/replay-store.js';
import { densityBins } from '../../replay/timeline-data.js';
import { writePlayhead } from '../../replay/use-replay-driver.js';

const BINS = 96;
const HEIGHT = 56;

export function ReplayTimeline({ session, colorOf }: { session: ReplaySession; colorOf: ColorOf }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const loaded = useReplayStore((s) => s.loaded);
  const { from, to } = session;
  // NOTE: recomputed when a slice joins the index, not per frame.
  const bins = useMemo(() => {
    void loaded;
    return densityBins(session.index, from, to, BINS);
  }, [session, from, to, loaded]);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    // The loaded part's shade moves as slices join, even when the bins stay the same.
    void loaded;
    const width = c.clientWidth || 500;
    const ratio = window.devicePixelRatio || 1;
    if (c.width !== Math.round(width * ratio)) {
      c.width = Math.round(width * ratio);
      c.height = Math.round(HEIGHT * ratio);
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, HEIGHT);
    const barWidth = width / BINS;
    const loadedX = ((session.loadedTo - from) / (to - from)) * width;
    ctx.fillStyle = 'rgba(255,255,255,0.06)';
    ctx.fillRect(loadedX, 0, width - loadedX, HEIGHT);
    for (let i = 0; i < BINS; i++) {
      let y = HEIGHT;
      for (const [department, count] of bins.counts[i] ?? []) {
        const h = (count / bins.max) * (HEIGHT - 4);
        ctx.fillStyle = cssColor(colorOf(department));
        ctx.fillRect(i * barWidth + 0.5, y - h, Math.max(1, barWidth - 1), h);
        y -= h;
      }
    }
  }, [bins, from, to, colorOf, session, loaded]);

  return (
    <section className="replay-timeline" aria-label="Timeline">
      <div className="replay-timeline__frame">
        <canvas
          ref={canvas}
          className="replay-timeline__density"
          style={{ height: HEIGHT }}
          role="img"
          aria-label="Incidents reported per department over the window, with the playhead"
          data-testid="replay-density"
        />
        <TimelinePlayhead from={from} to={to} />
      </div>
      <Scrubber session={session} />
      <p className="replay-timeline__caption">
        Incidents reported per department · bars of {formatBin(to - from)}
      </p>
    </section>
  );
}

/** The playhead over the bars: a positioned line, moved by a style variable. */
function TimelinePlayhead({ from, to }: { from: number; to: number }) {
  const t = useReplayStore((s) => s.shown.t);
  return (
    <span
      className="replay-timeline__playhead"
      aria-hidden="true"
      style={{ '--at': `${Math.min(1, Math.max(0, (t - from) / (to - from)))}` } as CSSProperties}
    />
  );
}

/** The slider: the playhead for the keyboard and screen readers, and scrubbing. */
function Scrubber({ session }: { session: ReplaySession }) {
  const cityTime = useCityTime();
  const t = useReplayStore((s) => s.shown.t);
  const { from, to } = session;
  const scrub = (value: number) => {
    session.clock.seek(value);
    writePlayhead(session);
  };
  return (
    <input
      type="range"
      className="replay-timeline__scrub"
      data-testid="replay-scrub"
      aria-label="Playhead"
      aria-valuetext={formatDateTime(t, cityTime)}
      min={from}
      max={to}
      step={1000}
      value={Math.round(t)}
      onChange={(e) => scrub(Number(e.target.value))}
      onKeyDown={(e) => {
        // ←/→ step by event everywhere in the replay (the panel's keys), not by the slider's second.
        if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') e.preventDefault();
      }}
    />
  );
}

function formatBin(windowMs: number): string {
  const minutes = Math.round(windowMs / BINS / 60_000);
  return minutes >= 60 ? `${Math.round(minutes / 60)} h` : `${Math.max(1, minutes)} min`;
}
