/**
 * The replay's endpoints (docs/wire-contract.md): slices of a window as JSON, the readings as an Apache
 * Arrow stream, the window's analysis, and the export downloads' addresses.
 */
import { queryOptions } from '@tanstack/react-query';
import type { ReplaySlice, WindowAnalysis } from '@twin/domain';
import { readingColumnsFromIpc } from '../replay/arrow-readings.js';
import type { ReadingColumns } from '../replay/reading-cursor.js';
import { API_BASE, ApiError, getJson, sendRequest, toQueryString } from './http.js';

/**
 * How long a replay request may take before it counts as unanswered (and is tried again by the retry policy).
 * Generous: a day's readings take seconds on a loaded machine, and a timeout too short would ask again forever.
 */
export const REPLAY_REQUEST_TIMEOUT_MS = 120_000;

/**
 * Runs a request that also ends after `timeoutMs`: a server that accepted the request and never answers
 * (a stalled connection, a hung proxy) fails it as "no answer" instead of leaving the window loading for good.
 * The caller's own abort stays an abort.
 */
export async function withTimeout<T>(
  signal: AbortSignal | undefined,
  timeoutMs: number,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    return await run(signal ? AbortSignal.any([signal, timeout]) : timeout);
  } catch (cause) {
    if (timeout.aborted && !signal?.aborted)
      throw new ApiError(0, 'timeout', `no answer from the server within ${Math.round(timeoutMs / 1000)} s`);
    throw cause;
  }
}

export function fetchReplaySlice(
  from: number,
  to: number,
  signal?: AbortSignal,
  timeoutMs: number = REPLAY_REQUEST_TIMEOUT_MS,
): Promise<ReplaySlice> {
  return withTimeout(signal, timeoutMs, (timed) =>
    getJson<ReplaySlice>(`/replay${toQueryString({ from, to })}`, timed),
  );
}

export function fetchReplayReadings(
  from: number,
  to: number,
  bucketMs: number,
  signal?: AbortSignal,
  timeoutMs: number = REPLAY_REQUEST_TIMEOUT_MS,
): Promise<ReadingColumns> {
  return withTimeout(signal, timeoutMs, (timed) => readReplayReadings(from, to, bucketMs, timed));
}

async function readReplayReadings(
  from: number,
  to: number,
  bucketMs: number,
  signal: AbortSignal,
): Promise<ReadingColumns> {
  const response = await sendRequest(`/replay/readings${toQueryString({ from, to, bucketMs })}`, {
    signal,
    headers: { accept: 'application/vnd.apache.arrow.stream' },
  });
  let bytes: ArrayBuffer;
  try {
    bytes = await response.arrayBuffer();
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    // The answer started and broke off (the service restarted, the connection dropped): no answer at all.
    throw new ApiError(0, 'unreachable', 'The connection dropped while the readings were loading');
  }
  return readingColumnsFromIpc(new Uint8Array(bytes), bucketMs, from);
}

export interface ExportFilter {
  from: number;
  to: number;
  department?: string | null;
}

/** Addresses of the export downloads (the server names the file after the window). */
export function exportHref(
  kind: 'incidents.csv' | 'incidents.geojson' | 'readings.csv',
  filter: ExportFilter,
) {
  return `${API_BASE}/export/${kind}${toQueryString({
    from: filter.from,
    to: filter.to,
    department: kind === 'readings.csv' ? undefined : filter.department,
  })}`;
}

export const analysisQuery = (from: number, to: number, department: string | null) =>
  queryOptions({
    queryKey: ['replay', 'analysis', from, to, department] as const,
    queryFn: ({ signal }) =>
      getJson<WindowAnalysis>(`/analysis${toQueryString({ from, to, department })}`, signal),
    staleTime: 5 * 60_000,
  });
