import { type ReactNode, useRef } from 'react';
import { useFittingRows } from '../../hooks/use-fitting-rows.js';

interface FittingListProps<T> {
  items: readonly T[];
  renderRow: (item: T) => ReactNode;
  /** The line under the rows when not all fit: "+12 more". */
  moreText: (hidden: number) => string;
  emptyText: string;
  label: string;
  className?: string;
}

/**
 * A list that shows as many whole rows as fit its box and says how many more there are: never a half row,
 * never a scrollbar. Rows have a fixed height (`--row-h`, set per list in wall.css) and never wrap.
 */
export function FittingList<T>({
  items,
  renderRow,
  moreText,
  emptyText,
  label,
  className,
}: FittingListProps<T>) {
  const box = useRef<HTMLDivElement>(null);
  const probeRow = useRef<HTMLDivElement>(null);
  const probeMore = useRef<HTMLDivElement>(null);
  const count = useFittingRows(box, probeRow, probeMore, items.length);
  const shown = items.slice(0, count);
  return (
    <div className={`fit-list${className ? ` ${className}` : ''}`} ref={box} data-testid="fit-list">
      <div className="fit-list__probe fit-list__row" ref={probeRow} aria-hidden="true" />
      <div className="fit-list__probe fit-list__more" ref={probeMore} aria-hidden="true">
        +
      </div>
      {items.length === 0 ? (
        <p className="fit-list__empty">{emptyText}</p>
      ) : (
        <ol className="fit-list__rows" aria-label={label}>
          {shown.map(renderRow)}
        </ol>
      )}
      {shown.length < items.length && (
        <p className="fit-list__more" data-testid="fit-list-more">
          {moreText(items.length - shown.length)}
        </p>
      )}
    </div>
  );
}
