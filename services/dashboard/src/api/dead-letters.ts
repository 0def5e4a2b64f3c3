import { infiniteQueryOptions } from '@tanstack/react-query';
import { getJson, toQueryString } from './http.js';

/** One refused message, as `GET /api/v1/dead-letters` lists it (payload: its first 4 KiB, as text). */
export interface DeadLetterItem {
  id: number;
  receivedAt: number;
  topic: string;
  reason: string;
  payload: string;
  payloadBytes: number;
}

export interface DeadLetterPage {
  /** Every dead letter the filters match, whatever the page. */
  total: number;
  /** The cursor of the next (older) page, or null on the last. */
  next: string | null;
  items: DeadLetterItem[];
}

export interface DeadLetterFilter {
  reason: string;
  topic: string;
}

export const DEAD_LETTER_PAGE_SIZE = 100;

export function fetchDeadLetters(
  filter: DeadLetterFilter,
  cursor: string | null,
  signal?: AbortSignal,
): Promise<DeadLetterPage> {
  const query = toQueryString({
    limit: DEAD_LETTER_PAGE_SIZE,
    cursor,
    reason: filter.reason,
    topic: filter.topic,
  });
  return getJson<DeadLetterPage>(`/dead-letters${query}`, signal);
}

/** Newest first; each "load more" follows the previous page's `next` cursor. */
export function deadLettersQuery(filter: DeadLetterFilter) {
  return infiniteQueryOptions({
    queryKey: ['dead-letters', filter] as const,
    queryFn: ({ pageParam, signal }) => fetchDeadLetters(filter, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next,
    staleTime: 30_000,
  });
}
