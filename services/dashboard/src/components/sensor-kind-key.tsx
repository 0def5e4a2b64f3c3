/** The sensor kinds on the map and the shape each is drawn as (layers/sensor-shapes.ts: the shader's table). */
import { SENSOR_SHAPE_PATHS, sensorKindKey } from '../layers/sensor-shapes.js';
import '../styles/sensor-key.css';

export function SensorKindKey({ kinds }: { kinds: ReadonlySet<string> }) {
  const lines = sensorKindKey(kinds);
  if (lines.length === 0) return null;
  return (
    <span className="sensor-key" data-testid="sensor-kind-key">
      <span className="map-key__label">Sensor kinds</span>
      {lines.map((line) => (
        <span
          key={line.label}
          className="sensor-key__item"
          data-testid="sensor-kind"
          data-kinds={line.kinds.join(' ')}
          title={line.kinds.join(', ')}
        >
          <svg className="sensor-key__shape" viewBox="0 0 20 20" aria-hidden="true">
            <path d={SENSOR_SHAPE_PATHS[line.shape]} />
          </svg>
          {line.label}
        </span>
      ))}
    </span>
  );
}
