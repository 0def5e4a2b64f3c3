import { useVirtualizer } from '@tanstack/react-virtual';
import type { IncidentView } from '@twin/domain';
import { useEffect, useRef } from 'react';
import { useAgeNow } from '../hooks/use-age-now.js';
import type { ColorOf } from '../layers/colors.js';
import type { NameOf } from '../lib/incidents.js';
import { IncidentRow } from './incident-row.js';

/**
 * Scrolls the row of `targetId` into view when the target changes or first appears in the list. NOTE: by
 * id, not index: a live update that only moves the row does not pull the list away from where the user
 * scrolled, and no target (null) scrolls nowhere.
 */
function useScrollTo(
  virtualizer: { scrollToIndex: (index: number, options: { align: 'auto' }) => void },
  incidents: readonly IncidentView[],
  targetId: string | null,
): void {
  const index = targetId ? incidents.findIndex((i) => i.incidentId === targetId) : -1;
  const loaded = index >= 0;
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new target (or its arrival) scrolls, see above.
  useEffect(() => {
    if (loaded) virtualizer.scrollToIndex(index, { align: 'auto' });
  }, [targetId, loaded, virtualizer]);
}

interface IncidentListProps {
  incidents: readonly IncidentView[];
  colorOf: ColorOf;
  /** Department names, for incidents awaiting their report ("Awaiting report · Public Works"). */
  nameOf?: NameOf;
  selectedId: string | null;
  onSelect: (incidentId: string) => void;
  /** Rows shown before "+N more": a wall screen has no scrolling. Without it the list scrolls (virtualized). */
  maxRows?: number;
  emptyText: string;
  large?: boolean;
  /** The incident pointed at (here or on the map), highlighted. */
  hoveredId?: string | null;
  onHover?: (incidentId: string | null) => void;
  /** Brought into view when it changes (the selected incident). */
  scrollToId?: string | null;
  /** Brought into view while pointed at on the map; when the pointer leaves, the list stays where it is. */
  pointedOnMapId?: string | null;
}

export function IncidentList(props: IncidentListProps) {
  // NOTE: ages tick every 10 s: precise enough to read, and the list does not re-render every second.
  // Measured against the data's time when the data is historical.
  const now = useAgeNow(10_000);
  if (props.incidents.length === 0) return <p className="empty">{props.emptyText}</p>;
  return props.maxRows === undefined ? (
    <ScrollingList {...props} now={now} />
  ) : (
    <ShortList {...props} maxRows={props.maxRows} now={now} />
  );
}

/** The wall's: the first rows only, never a scrollbar. */
function ShortList({
  incidents,
  colorOf,
  nameOf,
  selectedId,
  onSelect,
  maxRows,
  large,
  now,
}: IncidentListProps & { maxRows: number; now: number }) {
  const shown = incidents.slice(0, maxRows);
  return (
    <>
      <ol className={`incident-list${large ? ' incident-list--large' : ''}`}>
        {shown.map((incident) => (
          <IncidentRow
            key={incident.incidentId}
            incident={incident}
            colorOf={colorOf}
            nameOf={nameOf}
            now={now}
            selected={incident.incidentId === selectedId}
            onSelect={onSelect}
          />
        ))}
      </ol>
      {shown.length < incidents.length && <p className="more">+{incidents.length - shown.length} more</p>}
    </>
  );
}

/** A two-line row; each row is measured once drawn, so a taller one (larger type, a wrap) is never clipped. */
const ESTIMATED_ROW_PX = 58;

/**
 * The drill-down's: thousands of incidents, only the rows in view (plus a few) in the DOM, so live updates
 * and scrolling stay cheap however long the list is.
 */
function ScrollingList({
  incidents,
  colorOf,
  nameOf,
  selectedId,
  onSelect,
  hoveredId,
  onHover,
  scrollToId,
  pointedOnMapId,
  now,
}: IncidentListProps & { now: number }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: incidents.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ESTIMATED_ROW_PX,
    overscan: 8,
    getItemKey: (index) => incidents[index]?.incidentId ?? index,
  });

  useScrollTo(virtualizer, incidents, scrollToId ?? null);
  useScrollTo(virtualizer, incidents, pointedOnMapId ?? null);

  return (
    <div className="incident-list__scroll" ref={scrollRef} data-testid="incident-list-scroll">
      <ol className="incident-list incident-list--virtual" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const incident = incidents[item.index];
          if (!incident) return null;
          return (
            <IncidentRow
              key={item.key}
              index={item.index}
              rowRef={virtualizer.measureElement}
              style={{ transform: `translateY(${item.start}px)` }}
              incident={incident}
              colorOf={colorOf}
              nameOf={nameOf}
              now={now}
              selected={incident.incidentId === selectedId}
              hovered={incident.incidentId === hoveredId}
              onSelect={onSelect}
              onHover={onHover}
            />
          );
        })}
      </ol>
    </div>
  );
}
