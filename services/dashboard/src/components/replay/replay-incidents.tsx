/**
 * The incidents open at the playhead, most urgent first, each with its status then and its age at the
 * playhead; selecting one shows its whole timeline.
 */

import { useQuery } from '@tanstack/react-query';
import type { IncidentView, ReplayIndex } from '@twin/domain';
import { memo, useMemo } from 'react';
import { incidentDetailQuery } from '../../api/incidents.js';
import { formatDuration } from '../../lib/format.js';
import { incidentTitle, type NameOf, sortIncidents } from '../../lib/incidents.js';
import { useReplayStore } from '../../replay/replay-store.js';
import { useUiStore } from '../../state/ui-store.js';
import { IncidentTimeline } from '../incident-timeline.js';

const ROWS_SHOWN = 200;
const STATUS_WORDS: Record<string, string> = {
  reported: 'reported',
  acknowledged: 'acknowledged',
  dispatched: 'dispatched',
  on_scene: 'on scene',
  resolved: 'resolved',
  closed: 'closed',
};

export function ReplayIncidents({ nameOf, loading }: { nameOf: NameOf; loading: boolean }) {
  const open = useReplayStore((s) => s.shown.frame?.open);
  // NOTE: ages tick with the shown playhead by the minute of data time.
  const t = useReplayStore((s) => Math.floor(s.shown.t / 60_000) * 60_000);
  const selected = useUiStore((s) => s.url.incident);
  const sorted = useMemo(() => (open ? sortIncidents(open) : []), [open]);
  if (!open)
    return (
      <p className="replay-incidents__loading" data-testid="replay-loading" aria-live="polite">
        {loading ? 'Loading the window…' : 'Loading the data for this moment…'}
      </p>
    );
  return (
    <section className="replay-incidents" aria-label="Open at the playhead">
      <h2 className="replay-heading">
        Open at the playhead <span data-testid="replay-open-count">{open.length}</span>
      </h2>
      {sorted.length === 0 && <p className="empty">No incident was open at this moment.</p>}
      <ul className="replay-incidents__list">
        {sorted.slice(0, ROWS_SHOWN).map((incident) => (
          <Row
            key={incident.incidentId}
            incident={incident}
            nameOf={nameOf}
            t={t}
            selected={incident.incidentId === selected}
          />
        ))}
      </ul>
      {sorted.length > ROWS_SHOWN && (
        <p className="replay-incidents__more">+{sorted.length - ROWS_SHOWN} more</p>
      )}
    </section>
  );
}

// NOTE: memo: an incident's view is the same object while its state holds (replay/frame.ts), so a frame
// with one new or changed incident renders that row, not all 200.
const Row = memo(function Row({
  incident,
  nameOf,
  t,
  selected,
}: {
  incident: IncidentView;
  nameOf: NameOf;
  t: number;
  selected: boolean;
}) {
  return (
    <li>
      <button
        type="button"
        className={selected ? 'replay-row replay-row--selected' : 'replay-row'}
        data-testid="replay-incident"
        data-incident-id={incident.incidentId}
        data-status={incident.status}
        aria-pressed={selected}
        onClick={() => useUiStore.getState().setUrlState({ incident: incident.incidentId })}
      >
        <span className="replay-row__title">{incidentTitle(incident, nameOf)}</span>
        <span className="replay-row__meta">
          <span data-testid="replay-incident-status">{STATUS_WORDS[incident.status] ?? incident.status}</span>
          {incident.awaitingAck && ' · awaiting acknowledgement'} · {nameOf(incident.department)} · severity{' '}
          {incident.severity} · open {formatDuration(t - incident.openedAt)}
        </span>
      </button>
    </li>
  );
});

/**
 * The selected incident's full timeline (the incident API's: before, inside and after the window), those
 * after the playhead counted as still to come. Until it arrives, the events the replay has loaded.
 */
export function ReplaySelected({ index, nameOf }: { index: ReplayIndex; nameOf: NameOf }) {
  const selected = useUiStore((s) => s.url.incident);
  const loaded = useReplayStore((s) => s.loaded);
  const t = useReplayStore((s) => Math.floor(s.shown.t / 1000) * 1000);
  const detail = useQuery({ ...incidentDetailQuery(selected ?? ''), enabled: selected !== null });
  const track = useMemo(() => {
    void loaded;
    return selected ? index.tracks.get(selected) : undefined;
  }, [index, selected, loaded]);
  if (!selected) return null;
  const events = detail.data?.timeline ?? track?.events;
  if (!events)
    return (
      <section className="replay-selected" aria-label="Selected incident">
        <p className="empty">
          {detail.isError
            ? `This incident could not be loaded: ${detail.error.message}`
            : 'Loading its timeline…'}
        </p>
      </section>
    );
  const later = events.filter((e) => e.ts > t).length;
  return (
    <section
      className="replay-selected"
      aria-label="Selected incident"
      data-testid="replay-selected"
      data-complete={detail.data ? 'true' : 'false'}
    >
      <h2 className="replay-heading">
        Timeline · {selected}
        <button
          type="button"
          className="replay-selected__close"
          onClick={() => useUiStore.getState().setUrlState({ incident: null })}
        >
          Close
        </button>
      </h2>
      <IncidentTimeline events={events} nameOf={nameOf} />
      <p className="replay-selected__note">
        {!detail.data && 'Its events in the loaded part of the window; the whole timeline is loading. '}
        {later > 0
          ? `${later} of these events come after the playhead.`
          : 'All of these events happened by the playhead.'}
      </p>
    </section>
  );
}
