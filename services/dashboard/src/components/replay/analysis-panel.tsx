/**
 * What the window holds (GET /api/v1/analysis): incidents by department and hour, by district, by
 * category, and response times per department as median and 90th percentile with the incidents missing a
 * step counted; a heatmap of the window's incidents on the map; a chart of a chosen sensor over the window.
 */
import { useQuery } from '@tanstack/react-query';
import { ANALYSIS_MEASURES, type Department, type WindowAnalysis } from '@twin/domain';
import { useEffect, useMemo, useState } from 'react';
import { analysisQuery } from '../../api/replay.js';
import { useCityTime } from '../../hooks/use-city-time.js';
import { cssColor } from '../../layers/colors.js';
import { formatResponseTime } from '../../lib/format.js';
import type { NameOf } from '../../lib/incidents.js';
import { useLiveSensors } from '../../live/sensor-store-context.js';
import { departmentHourTable, MAX_HOUR_COLUMNS } from '../../replay/department-hours.js';
import type { ReplaySession } from '../../replay/replay-session.js';
import { useReplayStore } from '../../replay/replay-store.js';
import { WindowChart } from './window-chart.js';

const MEASURE_WORDS = {
  acknowledge: 'To acknowledge',
  dispatch: 'To dispatch',
  onScene: 'To on scene',
  resolve: 'To resolve',
} as const;
const TOP = 10;

export function AnalysisPanel({
  session,
  department,
  departments,
  nameOf,
}: {
  session: ReplaySession;
  department: string | null;
  departments: readonly Department[];
  nameOf: NameOf;
}) {
  const { data, error, isPending } = useQuery(analysisQuery(session.from, session.to, department));
  const [heat, setHeat] = useState(false);
  const loaded = useReplayStore((s) => s.loaded);
  const update = useReplayStore((s) => s.update);
  useEffect(() => {
    void loaded;
    if (!heat) {
      update({ heatPoints: null });
      return;
    }
    const points = [];
    for (const track of session.index.tracks.values()) {
      const last = track.states[track.states.length - 1];
      if (last?.lat != null && last.lon != null)
        points.push({ position: [last.lon, last.lat] as [number, number], weight: last.severity });
    }
    update({ heatPoints: points });
  }, [heat, loaded, session, update]);
  useEffect(() => () => update({ heatPoints: null }), [update]);
  const colorOf = useMemo(() => new Map(departments.map((d) => [d.id, d.color])), [departments]);

  return (
    <details className="replay-analysis" data-testid="replay-analysis">
      <summary>Analysis of the window</summary>
      <label className="replay-analysis__heat">
        <input
          type="checkbox"
          checked={heat}
          onChange={(e) => setHeat(e.target.checked)}
          data-testid="replay-heat"
        />
        Heatmap of the window's incidents on the map
      </label>
      {isPending && <p>Loading the analysis…</p>}
      {error && <p role="alert">Analysis unavailable: {error.message}</p>}
      {data && (
        <>
          <p>
            <strong data-testid="analysis-total">{data.total}</strong> incidents opened in the window
            {department ? ` (${nameOf(department)})` : ''}.
          </p>
          <DepartmentHours analysis={data} departments={departments} nameOf={nameOf} colorOf={colorOf} />
          <h3>Response times from the report</h3>
          <table className="replay-analysis__table" data-testid="analysis-response-times">
            <thead>
              <tr>
                <th scope="col">Department</th>
                <th scope="col">Step</th>
                <th scope="col">Median</th>
                <th scope="col">90th pct.</th>
                <th scope="col">Timed</th>
                <th scope="col">Missing</th>
              </tr>
            </thead>
            <tbody>
              {data.responseTimes
                .filter((r) => r.counted + r.missing > 0)
                .sort(
                  (a, b) =>
                    a.department.localeCompare(b.department) ||
                    ANALYSIS_MEASURES.indexOf(a.measure) - ANALYSIS_MEASURES.indexOf(b.measure),
                )
                .map((r) => (
                  <tr key={`${r.department}/${r.measure}`}>
                    <td>{nameOf(r.department)}</td>
                    <td>{MEASURE_WORDS[r.measure]}</td>
                    <td>{formatResponseTime(r.medianS)}</td>
                    <td>{formatResponseTime(r.p90S)}</td>
                    <td>{r.counted}</td>
                    <td title="Incidents opened in the window without this step's time">{r.missing}</td>
                  </tr>
                ))}
            </tbody>
          </table>
          <KeyCounts title="By district" rows={data.byDistrict} none="No district" />
          <KeyCounts title="By category" rows={data.byCategory} none="No category yet" />
        </>
      )}
      <SensorChartPicker session={session} />
    </details>
  );
}

function DepartmentHours({
  analysis,
  departments,
  nameOf,
  colorOf,
}: {
  analysis: WindowAnalysis;
  departments: readonly Department[];
  nameOf: NameOf;
  colorOf: ReadonlyMap<string, Department['color']>;
}) {
  const cityTime = useCityTime();
  const table = useMemo(
    () =>
      departmentHourTable(
        analysis.byDepartmentHour,
        analysis,
        cityTime,
        departments.map((d) => d.id),
      ),
    [analysis, cityTime, departments],
  );
  return (
    <>
      <h3>
        By department and {table.kind === 'hours' ? 'hour' : 'hour of the day'} ({cityTime.timeZone})
      </h3>
      {table.kind === 'hour-of-day' && (
        <p className="replay-analysis__note">
          The window is longer than {MAX_HOUR_COLUMNS} hours: each column adds up that hour of every day.
        </p>
      )}
      <div className="replay-analysis__scroll">
        <table
          className="replay-analysis__table replay-analysis__hours"
          data-testid="analysis-department-hours"
        >
          <thead>
            <tr>
              <th scope="col">Department</th>
              {table.columns.map((c) => (
                <th scope="col" key={c.key} title={c.title}>
                  {c.label}
                </th>
              ))}
              <th scope="col">Total</th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.department} data-department={r.department}>
                <th scope="row">
                  <span
                    className="swatch"
                    style={{ backgroundColor: cssColor(colorOf.get(r.department) ?? [160, 160, 160]) }}
                    aria-hidden="true"
                  />
                  {nameOf(r.department)}
                </th>
                {r.cells.map((n, i) => (
                  <td key={table.columns[i]!.key}>{n || ''}</td>
                ))}
                <td>
                  <strong>{r.total}</strong>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">All</th>
              {table.columnTotals.map((n, i) => (
                <td key={table.columns[i]!.key}>{n}</td>
              ))}
              <td>
                <strong data-testid="analysis-department-hours-total">{table.total}</strong>
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}

function KeyCounts({
  title,
  rows,
  none,
}: {
  title: string;
  rows: WindowAnalysis['byDistrict'];
  none: string;
}) {
  const sorted = [...rows].sort((a, b) => b.count - a.count);
  return (
    <>
      <h3>{title}</h3>
      <ol className="replay-analysis__list">
        {sorted.slice(0, TOP).map((r) => (
          <li key={r.key ?? '∅'}>
            {r.label ?? none}: {r.count}
          </li>
        ))}
        {sorted.length > TOP && <li>+{sorted.length - TOP} more</li>}
      </ol>
    </>
  );
}

function SensorChartPicker({ session }: { session: ReplaySession }) {
  const { sensors } = useLiveSensors();
  const [sensorId, setSensorId] = useState('');
  const sensor = sensors.find((s) => s.sensorId === sensorId);
  const metric = sensor ? (Object.keys(sensor.units)[0] ?? Object.keys(sensor.latest)[0]) : undefined;
  return (
    <div className="replay-analysis__chart">
      <h3>A sensor over the window</h3>
      <label>
        <span>Sensor</span>
        <select
          value={sensorId}
          onChange={(e) => setSensorId(e.target.value)}
          data-testid="replay-chart-sensor"
        >
          <option value="">Choose a sensor…</option>
          {sensors.slice(0, 500).map((s) => (
            <option key={s.sensorId} value={s.sensorId}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      {sensor && metric && (
        <WindowChart
          sensorId={sensor.sensorId}
          metric={metric}
          unit={sensor.units[metric] ?? ''}
          from={session.from}
          to={session.to}
        />
      )}
    </div>
  );
}
