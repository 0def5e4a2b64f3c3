/**
 * "What would this rule have done?": pick a past window (yesterday in the city's day, the last 24 h, the last
 * 7 days, or a range in the city's time), run the rule over the stored history, and read what it would
 * have done — each action at its time in the city, with the incident linked to the incidents view and to
 * the replay around that moment. An empty answer says how much data was looked at, so "nothing would
 * have fired" reads differently from "there was no data".
 */
import { useMutation } from '@tanstack/react-query';
import type { RuleAction, RuleDryRun } from '@twin/domain';
import { type FormEvent, useState } from 'react';
import { useAgeNow } from '../../hooks/use-age-now.js';
import { useCityTime } from '../../hooks/use-city-time.js';
import { plainApiError } from '../../lib/api-errors.js';
import {
  customWindow,
  DAY_MS,
  DRY_RUN_PRESETS,
  type DryRunPreset,
  type DryRunWindow,
  presetWindow,
} from '../../lib/dry-run-window.js';
import { type CityTime, formatCount, formatDateTime, toCityLocalInput } from '../../lib/format.js';
import { ruleActionLabel } from '../../lib/rule-text.js';
import { currentCamera } from '../../map/camera.js';
import { useReplayStore } from '../../replay/replay-store.js';
import { Link } from '../../router/link.js';
import { ROUTE_PATHS } from '../../router/routes.js';
import { useUiStore } from '../../state/ui-store.js';

interface DryRunPanelProps {
  /** Whose run this is, for labels: "flood-watch", or "the edit". */
  subject: string;
  run: (window: DryRunWindow) => Promise<RuleDryRun>;
  /** The button that runs the custom range: "Dry run", "Try it". */
  runLabel: string;
}

/** The replay opened around an action: half an hour either side, the playhead on it. */
const REPLAY_AROUND_MS = 30 * 60_000;

export function DryRunPanel({ subject, run, runLabel }: DryRunPanelProps) {
  const now = useAgeNow(60_000);
  const cityTime = useCityTime();
  const [from, setFrom] = useState(() => toCityLocalInput(now - DAY_MS, cityTime));
  const [to, setTo] = useState(() => toCityLocalInput(now, cityTime));
  const [problem, setProblem] = useState<string | null>(null);
  const [chosen, setChosen] = useState<{ label: string; window: DryRunWindow } | null>(null);
  const dryRun = useMutation({ mutationFn: run });

  const start = (label: string, window: DryRunWindow) => {
    setProblem(null);
    setChosen({ label, window });
    dryRun.mutate(window);
  };
  const runPreset = (id: DryRunPreset, label: string) => start(label, presetWindow(id, now, cityTime));
  const runCustom = (event: FormEvent) => {
    event.preventDefault();
    const result = customWindow(from, to, cityTime);
    if ('error' in result) return setProblem(result.error);
    start('Custom range', result.window);
  };

  return (
    <section className="dry-run" aria-label={`Dry run of ${subject}`} data-testid="dry-run">
      <div className="dry-run__presets">
        {DRY_RUN_PRESETS.map((p) => (
          <button
            key={p.id}
            type="button"
            onClick={() => runPreset(p.id, p.label)}
            disabled={dryRun.isPending}
            data-testid={`dry-run-${p.id}`}
          >
            {p.label}
          </button>
        ))}
      </div>
      <form className="dry-run__custom" onSubmit={runCustom} aria-label="A range in the city's time">
        <label>
          <span>From</span>
          <input
            type="datetime-local"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
            data-testid="dry-run-from"
          />
        </label>
        <label>
          <span>To</span>
          <input
            type="datetime-local"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            data-testid="dry-run-to"
          />
        </label>
        <button type="submit" disabled={dryRun.isPending} data-testid="dry-run-custom">
          {runLabel}
        </button>
        <span className="dry-run__zone">{cityTime.timeZone} · at most 7 days</span>
      </form>
      {problem && (
        <p className="rules__error" role="alert">
          {problem}
        </p>
      )}
      <div aria-live="polite">
        {chosen && (
          <p className="dry-run__window" data-testid="dry-run-window">
            {chosen.label}: {formatDateTime(chosen.window.from, cityTime)} –{' '}
            {formatDateTime(chosen.window.to, cityTime)}
          </p>
        )}
        {dryRun.isPending && <p className="empty">Running {subject} over the stored history…</p>}
        {dryRun.error && (
          <p className="rules__error" role="alert" data-testid="dry-run-error">
            The dry run failed: {plainApiError(dryRun.error)}
          </p>
        )}
        {dryRun.data && !dryRun.isPending && <DryRunResult result={dryRun.data} cityTime={cityTime} />}
      </div>
    </section>
  );
}

function DryRunResult({ result, cityTime }: { result: RuleDryRun; cityTime: CityTime }) {
  const { readings, incidents } = result.examined;
  const looked = `It looked at ${formatCount(readings, cityTime.locale)} reading${readings === 1 ? '' : 's'} and ${formatCount(incidents, cityTime.locale)} incident${incidents === 1 ? '' : 's'}.`;
  if (result.actions.length === 0) {
    return readings + incidents === 0 ? (
      <p className="dry-run__empty" data-testid="dry-run-empty" data-examined="none">
        No data in this window: no readings or incidents are stored for it, so the dry run cannot say what the
        rule would have done.
      </p>
    ) : (
      <p className="dry-run__empty" data-testid="dry-run-empty" data-examined="some">
        Nothing would have fired. {looked}
      </p>
    );
  }
  const count = result.actions.length;
  return (
    <>
      <p className="dry-run__count">
        Would have acted <strong data-testid="dry-run-count">{count}</strong> time{count === 1 ? '' : 's'}
        {result.truncated ? ' (at least)' : ''}. {looked}
      </p>
      {result.truncated && (
        <p className="dry-run__truncated" data-testid="dry-run-truncated" role="note">
          Truncated: the run stopped at its limit of {count} actions, so later ones are not shown. Pick a
          shorter window to see them all.
        </p>
      )}
      <table className="rules__table dry-run__table" data-testid="dry-run-actions">
        <thead>
          <tr>
            <th scope="col">Time ({cityTime.timeZone})</th>
            <th scope="col">Action</th>
            <th scope="col">Incident</th>
            <th scope="col">Summary</th>
          </tr>
        </thead>
        <tbody>
          {result.actions.map((a) => (
            // NOTE: each action is one event, and event ids are unique per rule run.
            <ActionRow key={a.event.eventId} action={a} cityTime={cityTime} />
          ))}
        </tbody>
      </table>
    </>
  );
}

function ActionRow({ action, cityTime }: { action: RuleAction; cityTime: CityTime }) {
  return (
    <tr data-testid="dry-run-action" data-action={action.action} data-incident-id={action.incidentId}>
      <td>
        <time dateTime={new Date(action.at).toISOString()}>{formatDateTime(action.at, cityTime)}</time>
      </td>
      <td>{ruleActionLabel(action.action)}</td>
      <td className="dry-run__incident">
        <Link
          to={ROUTE_PATHS.incidents}
          patch={{ incident: action.incidentId }}
          title={`Open incident ${action.incidentId} in the incidents view`}
          data-testid="dry-run-incident-link"
        >
          {action.incidentId}
        </Link>
        <button
          type="button"
          className="dry-run__replay"
          onClick={() => replayAround(action)}
          aria-label={`Replay the city around ${formatDateTime(action.at, cityTime)} with incident ${action.incidentId}`}
        >
          Replay
        </button>
      </td>
      <td>{action.summary}</td>
    </tr>
  );
}

/** Opens the replay half an hour either side of the action, the playhead on it; "Back" returns here. */
function replayAround(action: RuleAction): void {
  const { pathname, search } = window.location;
  useReplayStore.getState().setReturnTo(`${pathname}${search}`);
  useUiStore.getState().navigate(ROUTE_PATHS.replay, {
    incident: action.incidentId,
    replay: {
      from: action.at - REPLAY_AROUND_MS,
      to: action.at + REPLAY_AROUND_MS,
      t: action.at,
      speed: null,
      category: null,
      camera: currentCamera(),
    },
  });
}
