import { infiniteQueryOptions } from '@tanstack/react-query';
import type { DeadLetterPage } from '@twin/domain';
import { getJson, toQueryString } from './http.js';

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
