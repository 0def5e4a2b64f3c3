import { useQuery } from '@tanstack/react-query';
import type { SensorView } from '@twin/domain';
import { useMemo } from 'react';
import { liveSensorsQuery } from '../api/sensors.js';
import { useAgeNow } from '../hooks/use-age-now.js';
import { departmentNames, useDepartments } from '../hooks/use-department-colors.js';
import { sensorHealth } from '../layers/sensor-layers.js';
import { formatDuration, formatValue, humanize } from '../lib/format.js';
import { nearby } from '../lib/geo.js';

/** What the sensors around an incident say: the "virtual ↔ physical" link the drill-down is for. */
export const NEARBY_RADIUS_M = 1000;
const MAX_SHOWN = 12;
const NO_SENSORS: SensorView[] = [];

export function NearbySensors({ lat, lon }: { lat: number; lon: number }) {
  const { data, isPending, error } = useQuery(liveSensorsQuery);
  const sensors = data ?? NO_SENSORS;
  // "last seen" as of the data's time when the data is historical.
  const now = useAgeNow(10_000);
  const { departments } = useDepartments();
  const nameOf = useMemo(() => departmentNames(departments), [departments]);
  const found = useMemo(
    () => nearby(sensors, lat, lon, NEARBY_RADIUS_M).slice(0, MAX_SHOWN),
    [sensors, lat, lon],
  );
  if (isPending) return <p className="empty">Loading sensors…</p>;
  if (error) return <p className="empty">Sensors unavailable: {error.message}</p>;
  if (found.length === 0) return <p className="empty">No sensors within 1 km.</p>;
  return (
    <ul className="sensors">
      {found.map(({ item: s, distanceM }) => {
        const health = sensorHealth(s, now);
        return (
          <li key={s.sensorId} className={`sensor sensor--${health}`} data-testid="nearby-sensor">
            <div className="sensor__head">
              <span className="sensor__name">{s.name}</span>
              {s.simulated && <span className="tag-simulated">simulated</span>}
              <span className="sensor__distance">{Math.round(distanceM)} m</span>
            </div>
            <div className="sensor__meta">
              {humanize(s.kind)} · {nameOf(s.department)} · {health === 'ok' ? 'reporting' : health}
              {s.lastSeen !== null ? ` · ${formatDuration(now - s.lastSeen)} ago` : ''}
            </div>
            <div className="sensor__values">
              {Object.entries(s.latest).map(([metric, v]) => (
                <span key={metric}>
                  {metric} <b>{formatValue(v.value)}</b> {s.units[metric] ?? ''}
                </span>
              ))}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
