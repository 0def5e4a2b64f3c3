import { useQuery } from '@tanstack/react-query';
import type { Department } from '@twin/domain';
import { useMemo } from 'react';
import { departmentsQuery } from '../api/departments.js';
import { type ColorOf, departmentColors } from '../layers/colors.js';

/** Display names by department id; an id the list does not know reads as itself. */
export function departmentNames(departments: readonly Department[]): (id: string) => string {
  const names = new Map(departments.map((d) => [d.id, d.name]));
  return (id) => names.get(id) ?? id;
}

export function useDepartments(): { departments: Department[]; colorOf: ColorOf } {
  const { data } = useQuery(departmentsQuery);
  const departments = data ?? [];
  // NOTE: memoised on the query's data reference, so layers' colour updateTriggers only fire on real changes.
  const colorOf = useMemo(() => departmentColors(data ?? []), [data]);
  return { departments, colorOf };
}
