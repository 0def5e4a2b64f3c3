/**
 * The KPI board's figures at one instant, from the incidents' states at that instant (the replay's fold).
 * The same definitions as the server's board (ingest db/kpis.ts, in SQL over the current states): counts of
 * the open incidents a department owns (critical: severity 5; high: 4 and more; awaiting its
 * acknowledgement), the open incidents it is asked to assist, the hand-overs offered to it and not answered;
 * new in the hour before `t`; and response times over the incidents opened in (t − window, t] that reached
 * each step by `t`, from their report, as median and 90th percentile (linear between ranks, as
 * percentile_cont). Incidents still awaiting their report are counted but not timed.
 */
import type { DepartmentKpis, ResponseMeasure, ResponseTime } from './board-views.js';
import { isOpen } from './incident-fold.js';
import type { IncidentState } from './incident-state.js';

const HOUR_MS = 60 * 60_000;

/** The p-th quantile (0…1) of ascending values, interpolating between ranks; null for none. */
export function percentileCont(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = p * (sorted.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  const a = sorted[lower] as number;
  const b = sorted[upper] as number;
  return a + (b - a) * (rank - lower);
}

function stepTimes(state: IncidentState): Record<ResponseMeasure, number | null> {
  let dispatch: number | null = null;
  let onScene: number | null = null;
  for (const unit of state.units) {
    if (dispatch === null || unit.dispatchedAt < dispatch) dispatch = unit.dispatchedAt;
    if (unit.onSceneAt !== null && (onScene === null || unit.onSceneAt < onScene)) onScene = unit.onSceneAt;
  }
  return { acknowledge: state.acknowledgedAt, dispatch, onScene };
}

function blank(department: string): DepartmentKpis & { samples: Record<ResponseMeasure, number[]> } {
  const time = (): ResponseTime => ({
    count: 0,
    medianS: null,
    p90S: null,
    targetS: null,
    overTarget: false,
  });
  return {
    department,
    open: 0,
    newLastHour: 0,
    critical: 0,
    high: 0,
    awaitingAck: 0,
    assisting: 0,
    handoversWaiting: 0,
    responseTimes: { acknowledge: time(), dispatch: time(), onScene: time() },
    samples: { acknowledge: [], dispatch: [], onScene: [] },
  };
}

/**
 * Figures per department at `t` from every incident's state at `t` (null states are skipped): one row per
 * department in `departments`, then any other department an incident names, by id. Targets are left unset
 * (the city pack's targets are the server's; `targets` fills them when known).
 */
export function kpisAt(
  states: Iterable<IncidentState | null>,
  t: number,
  windowMs: number,
  departments: readonly string[],
  targets: ReadonlyMap<string, Partial<Record<ResponseMeasure, number | null>>> = new Map(),
): DepartmentKpis[] {
  const rows = new Map(departments.map((d) => [d, blank(d)]));
  const row = (department: string) => {
    let r = rows.get(department);
    if (!r) {
      r = blank(department);
      rows.set(department, r);
    }
    return r;
  };
  for (const state of states) {
    if (!state || state.openedAt > t) continue;
    const owner = row(state.department);
    if (isOpen(state)) {
      owner.open++;
      if (state.severity === 5) owner.critical++;
      if (state.severity >= 4) owner.high++;
      if (state.awaitingAck) owner.awaitingAck++;
      for (const assisting of state.assisting) row(assisting).assisting++;
      if (state.pendingHandover) row(state.pendingHandover.to).handoversWaiting++;
    }
    if (state.openedAt > t - HOUR_MS) owner.newLastHour++;
    if (state.awaitingReport || state.openedAt <= t - windowMs) continue;
    const steps = stepTimes(state);
    for (const measure of Object.keys(steps) as ResponseMeasure[]) {
      const at = steps[measure];
      if (at !== null && at <= t) owner.samples[measure].push((at - state.openedAt) / 1000);
    }
  }
  const ordered = [
    ...departments.map((d) => rows.get(d) as ReturnType<typeof blank>),
    ...[...rows.values()]
      .filter((r) => !departments.includes(r.department))
      .sort((a, b) => (a.department < b.department ? -1 : a.department > b.department ? 1 : 0)),
  ];
  return ordered.map(({ samples, ...kpis }) => {
    for (const measure of Object.keys(samples) as ResponseMeasure[]) {
      const sorted = samples[measure].sort((a, b) => a - b);
      const targetS = targets.get(kpis.department)?.[measure] ?? null;
      const p90S = percentileCont(sorted, 0.9);
      kpis.responseTimes[measure] = {
        count: sorted.length,
        medianS: percentileCont(sorted, 0.5),
        p90S,
        targetS,
        overTarget: targetS !== null && p90S !== null && p90S > targetS,
      };
    }
    return kpis;
  });
}
