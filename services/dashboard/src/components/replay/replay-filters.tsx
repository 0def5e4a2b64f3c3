/**
 * What the replay shows: one department (owner or assisting, as the views' filter) and one category. Both
 * are in the address (`department`, `cat`), so a shared link shows the same incidents.
 */
import type { Department } from '@twin/domain';
import { useMemo } from 'react';
import type { ReplaySession } from '../../replay/replay-session.js';
import { useReplayStore } from '../../replay/replay-store.js';
import { useUiStore } from '../../state/ui-store.js';
import { DepartmentOptions } from '../department-options.js';

/** The categories of the incidents the replay has loaded: key → as written. */
function useCategories(session: ReplaySession): [string, string][] {
  const loaded = useReplayStore((s) => s.loaded);
  return useMemo(() => {
    void loaded;
    const byKey = new Map<string, string>();
    for (const track of session.index.tracks.values())
      for (const state of track.states)
        if (state?.categoryKey && state.category) byKey.set(state.categoryKey, state.category);
    return [...byKey.entries()].sort((a, b) => a[1].localeCompare(b[1]));
  }, [session, loaded]);
}

export function ReplayFilters({
  session,
  departments,
}: {
  session: ReplaySession;
  departments: readonly Department[];
}) {
  const department = useUiStore((s) => s.url.department);
  const category = useUiStore((s) => s.url.replay?.category ?? null);
  const categories = useCategories(session);
  const setCategory = (value: string) => {
    const { url, setUrlState } = useUiStore.getState();
    if (url.replay) setUrlState({ replay: { ...url.replay, category: value || null } }, { replace: true });
  };
  return (
    <div className="replay-filters">
      <label>
        <span>Department</span>
        <select
          data-testid="replay-department"
          value={department ?? ''}
          onChange={(e) =>
            useUiStore.getState().setUrlState({ department: e.target.value || null }, { replace: true })
          }
        >
          <option value="">All departments</option>
          <DepartmentOptions departments={departments} />
        </select>
      </label>
      <label>
        <span>Category</span>
        <select
          data-testid="replay-category"
          value={category ?? ''}
          onChange={(e) => setCategory(e.target.value)}
        >
          <option value="">All categories</option>
          {category && !categories.some(([key]) => key === category) && (
            <option value={category}>{category}</option>
          )}
          {categories.map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
