/**
 * Trails: every incident open at some time of the window as its start–end interval across the window, in
 * the order they began, selectable (the panel then shows its full timeline). Thousands of them: the rows are
 * built once per loaded slice (replay/trails.ts) and only those scrolled into view are drawn; the playhead
 * is one line over them, so playing re-renders none of the rows.
 */
import { type ReplayIndex, stateAt } from '@twin/domain';
import { type CSSProperties, useMemo, useRef, useState } from 'react';
import { type ColorOf, cssColor } from '../../layers/colors.js';
import { incidentTitle, type NameOf } from '../../lib/incidents.js';
import type { ReplayFilter } from '../../replay/frame.js';
import { useReplayStore } from '../../replay/replay-store.js';
import { firstTrailAt, TRAIL_AFTER, TRAIL_BEFORE, windowTrails } from '../../replay/trails.js';
import { useUiStore } from '../../state/ui-store.js';

const ROW_PX = 22;
const ROWS_VISIBLE = 8;
/** Rows drawn beyond the visible ones, so a quick scroll shows no blank rows. */
const OVERSCAN = 4;

export function ReplayTrails({
  index,
  from,
  to,
  filter,
  colorOf,
  nameOf,
}: {
  index: ReplayIndex;
  from: number;
  to: number;
  filter: ReplayFilter;
  colorOf: ColorOf;
  nameOf: NameOf;
}) {
  const loaded = useReplayStore((s) => s.loaded);
  const selected = useUiStore((s) => s.url.incident);
  const scroller = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  // NOTE: rebuilt when a slice joins the index or the filter changes, never per frame.
  const trails = useMemo(() => {
    void loaded;
    return windowTrails(index, filter);
  }, [index, loaded, filter]);
  const span = to - from;
  const first = Math.max(0, Math.floor(top / ROW_PX) - OVERSCAN);
  const last = Math.min(trails.length, Math.ceil((top + ROWS_VISIBLE * ROW_PX) / ROW_PX) + OVERSCAN);

  const toPlayhead = () => {
    const i = firstTrailAt(trails, useReplayStore.getState().t);
    if (i >= 0 && scroller.current) scroller.current.scrollTop = i * ROW_PX;
  };

  const rows = [];
  for (let i = first; i < last; i++) {
    const track = trails.tracks[i];
    if (!track) continue;
    const start = trails.start[i] as number;
    const end = trails.end[i] as number;
    const flags = trails.flags[i] as number;
    const state = stateAt(track, end) ?? stateAt(track, start);
    if (!state) continue;
    const continues = [flags & TRAIL_BEFORE ? 'before' : '', flags & TRAIL_AFTER ? 'after' : '']
      .filter(Boolean)
      .join(' ');
    const isSelected = track.incidentId === selected;
    rows.push(
      <li key={track.incidentId} className="replay-trail" style={{ top: i * ROW_PX, height: ROW_PX }}>
        <button
          type="button"
          className={
            isSelected ? 'replay-trail__button replay-trail__button--selected' : 'replay-trail__button'
          }
          data-testid="replay-trail"
          data-incident-id={track.incidentId}
          data-start={start}
          data-end={end}
          data-continues={continues}
          aria-pressed={isSelected}
          onClick={() => useUiStore.getState().setUrlState({ incident: track.incidentId })}
        >
          <span className="replay-trail__label">{incidentTitle(state, nameOf)}</span>
          <span className="replay-trail__track" aria-hidden="true">
            <span
              className={`replay-trail__bar${flags & TRAIL_BEFORE ? ' replay-trail__bar--before' : ''}${flags & TRAIL_AFTER ? ' replay-trail__bar--after' : ''}`}
              style={{
                left: `${((start - from) / span) * 100}%`,
                width: `${Math.max(0.5, ((end - start) / span) * 100)}%`,
                backgroundColor: cssColor(colorOf(state.department)),
              }}
            />
          </span>
        </button>
      </li>,
    );
  }

  return (
    <section className="replay-trails" aria-label="Incidents of the window: their lives as intervals">
      <h2 className="replay-heading">
        Incidents in the window <span data-testid="replay-trail-count">{trails.length}</span>
        {trails.length > ROWS_VISIBLE && (
          <button type="button" className="replay-trails__to-playhead" onClick={toPlayhead}>
            Show the playhead
          </button>
        )}
      </h2>
      <div className="replay-trails__frame">
        <div
          ref={scroller}
          className="replay-trails__scroller"
          data-testid="replay-trails"
          style={{ maxHeight: ROWS_VISIBLE * ROW_PX }}
          onScroll={(e) => setTop(e.currentTarget.scrollTop)}
        >
          <ol className="replay-trails__rows" style={{ height: trails.length * ROW_PX }}>
            {rows}
          </ol>
        </div>
        {trails.length > 0 && <Playhead from={from} span={span} />}
      </div>
      {trails.length === 0 && <p className="empty">No incident was open in the loaded part of the window.</p>}
    </section>
  );
}

/** The playhead across the trails: the only part that moves while playing. */
function Playhead({ from, span }: { from: number; span: number }) {
  const t = useReplayStore((s) => s.shown.t);
  return (
    <span
      className="replay-trails__playhead"
      aria-hidden="true"
      style={{ '--at': `${Math.min(1, Math.max(0, (t - from) / span))}` } as CSSProperties}
    />
  );
}
