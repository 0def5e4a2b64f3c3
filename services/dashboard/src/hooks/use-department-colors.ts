import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Department, IncidentView } from '@twin/domain';
import { useEffect, useMemo, useRef } from 'react';
import { departmentsQuery } from '../api/departments.js';
import { type ColorOf, departmentColors } from '../layers/colors.js';
import { departmentIdsIn, departmentsToAskAbout } from '../lib/departments.js';
import { useSensorDepartmentIds } from '../live/sensor-store-context.js';

/**
 * Names by department id — the full name, or what `name` picks (lib/departments.ts shortNameOf for the wall's
 * narrow columns); an id the list does not know reads as itself.
 */
export function departmentNames(
  departments: readonly Department[],
  name: (department: Department) => string = (d) => d.name,
): (id: string) => string {
  const names = new Map(departments.map((d) => [d.id, name(d)]));
  return (id) => names.get(id) ?? id;
}

const NONE: Department[] = [];

export function useDepartments(): { departments: Department[]; colorOf: ColorOf; loading: boolean } {
  const { data, isPending } = useQuery(departmentsQuery);
  const departments = data ?? NONE;
  // NOTE: memoised on the query's data reference, so layers' colour updateTriggers only fire on real changes.
  const colorOf = useMemo(() => departmentColors(departments), [departments]);
  return { departments, colorOf, loading: isPending };
}

/**
 * Refetches the department list when the incidents or sensors on screen name a department it lacks: the
 * server registers a department the pack does not list in the same transaction as its first event or
 * sensor, so by the time the live feed shows that data the registry has it (in every instance).
 */
export function useRefetchUnknownDepartments(
  live: readonly IncidentView[],
  list: readonly IncidentView[],
): void {
  const queryClient = useQueryClient();
  const { data: departments, isFetching } = useQuery(departmentsQuery);
  const sensorDepartments = useSensorDepartmentIds();
  const asked = useRef(new Set<string>());
  useEffect(() => {
    if (!departments || isFetching) return;
    const seen = departmentIdsIn([...live, ...list], sensorDepartments);
    const missing = departmentsToAskAbout(seen, departments, asked.current);
    if (missing.length === 0) return;
    for (const id of missing) asked.current.add(id);
    void queryClient.invalidateQueries({ queryKey: departmentsQuery.queryKey });
  }, [departments, isFetching, live, list, sensorDepartments, queryClient]);
}
