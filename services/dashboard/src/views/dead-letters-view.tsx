import { useInfiniteQuery } from '@tanstack/react-query';
import type { DeadLetterItem } from '@twin/domain';
import { type FormEvent, useState } from 'react';
import { type DeadLetterFilter, deadLettersQuery } from '../api/dead-letters.js';
import { useCityTime } from '../hooks/use-city-time.js';
import { type CityTime, formatDateTime } from '../lib/format.js';
import { payloadPreview } from '../lib/payload-preview.js';

const NO_FILTER: DeadLetterFilter = { reason: '', topic: '' };

/**
 * For whoever runs the service: the messages it refused, newest first, with every reason in full, filtered
 * by reason or topic text, older ones reached with "Load more" (the API's cursor).
 */
export function DeadLettersPanel() {
  const cityTime = useCityTime();
  const [filter, setFilter] = useState<DeadLetterFilter>(NO_FILTER);
  const [draft, setDraft] = useState<DeadLetterFilter>(NO_FILTER);
  const query = useInfiniteQuery(deadLettersQuery(filter));
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const total = query.data?.pages[0]?.total ?? 0;

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter({ reason: draft.reason.trim(), topic: draft.topic.trim() });
  };

  return (
    <aside className="panel panel--dead-letters" aria-label="Dead letters">
      <header className="panel__header">
        <h1>Dead letters</h1>
      </header>
      <p className="dead-letters__intro">
        Messages the service refused, newest first, with every reason. Nothing here was stored.
      </p>
      <form className="dead-letters__filters" onSubmit={apply} aria-label="Filter dead letters">
        <label>
          Reason contains
          <input
            type="search"
            name="reason"
            maxLength={200}
            value={draft.reason}
            onChange={(e) => setDraft({ ...draft, reason: e.target.value })}
            data-testid="dead-letter-reason-filter"
          />
        </label>
        <label>
          Topic contains
          <input
            type="search"
            name="topic"
            maxLength={200}
            value={draft.topic}
            onChange={(e) => setDraft({ ...draft, topic: e.target.value })}
          />
        </label>
        <button type="submit" data-testid="dead-letter-filter-apply">
          Filter
        </button>
        <button type="button" onClick={() => query.refetch()} disabled={query.isFetching}>
          Refresh
        </button>
      </form>
      <p className="panel__count">
        {query.error ? (
          <span className="action-error" role="alert">
            Cannot load dead letters: {query.error.message}
          </span>
        ) : query.isPending ? (
          'Loading dead letters…'
        ) : (
          <>
            Showing <span data-testid="dead-letter-shown">{items.length}</span> of{' '}
            <span data-testid="dead-letter-total">{total}</span> dead letter{total === 1 ? '' : 's'}
            {filter.reason || filter.topic ? ' matching the filter' : ''}
          </>
        )}
      </p>
      {!query.isPending && items.length === 0 && !query.error && (
        <p className="empty">No dead letters{filter.reason || filter.topic ? ' match this filter' : ''}.</p>
      )}
      <ol className="dead-letters">
        {items.map((d) => (
          <DeadLetterEntry key={d.id} item={d} cityTime={cityTime} />
        ))}
      </ol>
      {query.hasNextPage && (
        <button
          type="button"
          className="dead-letters__more"
          onClick={() => query.fetchNextPage()}
          disabled={query.isFetchingNextPage}
          data-testid="dead-letter-load-more"
        >
          {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </aside>
  );
}

function DeadLetterEntry({ item, cityTime }: { item: DeadLetterItem; cityTime: CityTime }) {
  const preview = payloadPreview(item.payload, item.payloadBytes);
  return (
    <li className="dead-letter" data-testid="dead-letter" data-dead-letter-id={item.id}>
      <div className="dead-letter__head">
        <time dateTime={new Date(item.receivedAt).toISOString()}>
          {formatDateTime(item.receivedAt, cityTime)}
        </time>
        <code className="dead-letter__topic">{item.topic}</code>
      </div>
      <p className="dead-letter__reason" data-testid="dead-letter-reason">
        {item.reason}
      </p>
      <pre className="dead-letter__payload" data-testid="dead-letter-payload">
        {preview.text}
      </pre>
      <p className="dead-letter__size">
        {preview.cut ?? `${item.payloadBytes.toLocaleString('en-US')} bytes`}
      </p>
    </li>
  );
}
