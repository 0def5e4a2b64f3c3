import { queryOptions } from '@tanstack/react-query';
import { DEPARTMENTS, type Department } from '@twin/domain';
import { getJson } from './http.js';

export function fetchDepartments(signal?: AbortSignal): Promise<Department[]> {
  return getJson<Department[]>('/departments', signal);
}

export const departmentsQuery = queryOptions({
  queryKey: ['departments'] as const,
  queryFn: ({ signal }) => fetchDepartments(signal),
  staleTime: Number.POSITIVE_INFINITY,
  // NOTE: the shared contract's list stands in until the server answers, so colours and the legend show at once.
  placeholderData: [...DEPARTMENTS],
});
