import type { Department } from '@twin/domain';
import { INCIDENT_STATUSES } from '@twin/domain';
import type { StatusFilter } from '../api/incidents.js';
import { humanize } from '../lib/format.js';
import { useUiStore } from '../state/ui-store.js';
import { DepartmentOptions } from './department-options.js';

interface IncidentFiltersProps {
  departments: readonly Department[];
  districts: readonly string[];
}

/** Filters write straight to the URL (replace, not push: tweaking a filter is not a step worth going Back to). */
export function IncidentFilters({ departments, districts }: IncidentFiltersProps) {
  const url = useUiStore((s) => s.url);
  const setUrlState = useUiStore((s) => s.setUrlState);
  const set = (patch: Parameters<typeof setUrlState>[0]) => setUrlState(patch, { replace: true });
  return (
    <form className="filters" aria-label="Incident filters" onSubmit={(e) => e.preventDefault()}>
      <label>
        Department
        <select
          data-testid="filter-department"
          value={url.department ?? ''}
          onChange={(e) => set({ department: e.target.value || null })}
        >
          <option value="">All</option>
          <DepartmentOptions departments={departments} />
        </select>
      </label>
      <label>
        Status
        <select
          data-testid="filter-status"
          value={url.status}
          onChange={(e) => set({ status: e.target.value as StatusFilter })}
        >
          <option value="open">Open</option>
          <option value="all">All</option>
          {INCIDENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
            </option>
          ))}
        </select>
      </label>
      <label>
        District
        <select
          data-testid="filter-district"
          value={url.district ?? ''}
          onChange={(e) => set({ district: e.target.value || null })}
        >
          <option value="">All</option>
          {districts.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Min. severity
        <select
          data-testid="filter-min-severity"
          value={url.minSeverity ?? ''}
          onChange={(e) => set({ minSeverity: e.target.value ? Number(e.target.value) : null })}
        >
          <option value="">Any</option>
          {[2, 3, 4, 5].map((s) => (
            <option key={s} value={s}>
              {s}+
            </option>
          ))}
        </select>
      </label>
    </form>
  );
}
