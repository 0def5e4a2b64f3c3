import { queryOptions } from '@tanstack/react-query';
import type { Department } from '@twin/domain';
import { getJson } from './http.js';

export function fetchDepartments(signal?: AbortSignal): Promise<Department[]> {
  return getJson<Department[]>('/departments', signal);
}

/**
 * The city's departments (the pack's, then unlisted ones), from the server only: there is no built-in list
 * to stand in, the city decides. Refetched when an incident or sensor names a department not in it
 * (hooks/use-department-colors.ts).
 */
export const departmentsQuery = queryOptions({
  queryKey: ['departments'] as const,
  queryFn: ({ signal }) => fetchDepartments(signal),
  staleTime: Number.POSITIVE_INFINITY,
});
