/**
 * The replay's endpoints (docs/wire-contract.md): slices of a window as JSON, the readings as an Apache
 * Arrow stream, the window's analysis, and the export downloads' addresses.
 */
import { queryOptions } from '@tanstack/react-query';
import type { ReplaySlice, WindowAnalysis } from '@twin/domain';
import { readingColumnsFromIpc } from '../replay/arrow-readings.js';
import type { ReadingColumns } from '../replay/reading-cursor.js';
import { API_BASE, ApiError, getJson, toQueryString } from './http.js';

export function fetchReplaySlice(from: number, to: number, signal?: AbortSignal): Promise<ReplaySlice> {
  return getJson<ReplaySlice>(`/replay${toQueryString({ from, to })}`, signal);
}

export async function fetchReplayReadings(
  from: number,
  to: number,
  bucketMs: number,
  signal?: AbortSignal,
): Promise<ReadingColumns> {
  const path = `/replay/readings${toQueryString({ from, to, bucketMs })}`;
  let response: Response;
  try {
    response = await fetch(`${API_BASE}${path}`, {
      signal,
      credentials: 'same-origin',
      headers: { accept: 'application/vnd.apache.arrow.stream' },
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'unreachable', 'Cannot reach the server');
  }
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`.trim();
    try {
      const body = (await response.json()) as { message?: unknown };
      if (typeof body.message === 'string') message = body.message;
    } catch {
      // Not JSON: the status line says enough.
    }
    throw new ApiError(response.status, `http_${response.status}`, message);
  }
  return readingColumnsFromIpc(new Uint8Array(await response.arrayBuffer()), bucketMs, from);
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
