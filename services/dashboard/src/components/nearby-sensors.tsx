import { useMemo } from 'react';
import { useAgeNow } from '../hooks/use-age-now.js';
import { sensorHealth } from '../layers/sensor-layers.js';
import { formatDuration, formatValue, humanize } from '../lib/format.js';
import { nearby } from '../lib/geo.js';
import type { NameOf } from '../lib/incidents.js';
import { useLiveSensors } from '../live/sensor-store-context.js';
import { SensorSparkline } from './sensor-sparkline.js';

/** What the sensors around an incident say: the "virtual ↔ physical" link the drill-down is for. */
export const NEARBY_RADIUS_M = 1000;
// NOTE: each shown sensor fetches its readings for the sparkline: the nearest few say what matters.
const MAX_SHOWN = 8;

export function NearbySensors({ lat, lon, nameOf }: { lat: number; lon: number; nameOf: NameOf }) {
  // Values on screen: re-rendered on readings; which sensors are near is recomputed only when the list changes.
  const { sensors, loaded } = useLiveSensors({ withReadings: true });
  // "last seen" as of the data's time when the data is historical.
  const now = useAgeNow(10_000);
  const found = useMemo(
    () => nearby(sensors, lat, lon, NEARBY_RADIUS_M).slice(0, MAX_SHOWN),
    // The store's list is a new array whenever it changes shape, and the same one for readings.
    [sensors, lat, lon],
  );
  if (!loaded) return <p className="empty">Loading sensors…</p>;
  if (found.length === 0) return <p className="empty">No sensors within 1 km.</p>;
  return (
    <ul className="sensors">
      {found.map(({ item: s, distanceM }) => {
        const health = sensorHealth(s, now);
        const metric = Object.keys(s.latest)[0] ?? Object.keys(s.units)[0];
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
            <div className="sensor__body">
              <div className="sensor__values">
                {Object.entries(s.latest).map(([m, v]) => (
                  <span key={m}>
                    {m} <b>{formatValue(v.value)}</b> {s.units[m] ?? ''}
                  </span>
                ))}
              </div>
              {metric && (
                <SensorSparkline
                  sensorId={s.sensorId}
                  metric={metric}
                  unit={s.units[metric] ?? ''}
                  now={now}
                />
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
