/** The legend of sensor markers (layers/sensor-style.ts): how a sensor looks when reporting, stale, offline. */
import { cssColor } from '../layers/colors.js';
import { SENSOR_BODY, SENSOR_STALE } from '../layers/sensor-style.js';
import '../styles/sensor-key.css';

export function SensorKey({ simulated = false }: { simulated?: boolean }) {
  const body = cssColor([...SENSOR_BODY]);
  const grey = cssColor([...SENSOR_STALE]);
  return (
    <span className="sensor-key" data-testid="sensor-key">
      {/* NOTE: one item, so the key's gaps fall between its entries, not inside "Sensors (simulated demo feed):". */}
      <span className="sensor-key__title">
        Sensors
        {simulated && (
          <>
            {' '}
            (<span className="tag-simulated">simulated</span> demo feed)
          </>
        )}
        :
      </span>{' '}
      <span className="sensor-key__item">
        <span
          className="sensor-key__mark"
          style={{ background: body, borderColor: '#e8ecf3' }}
          aria-hidden="true"
        />
        ring = department
      </span>
      <span className="sensor-key__item">
        <span
          className="sensor-key__mark sensor-key__mark--stale"
          style={{ background: body, borderColor: grey }}
          aria-hidden="true"
        />
        grey = stale (3 reports missed)
      </span>
      <span className="sensor-key__item">
        <span
          className="sensor-key__mark sensor-key__mark--offline"
          style={{ borderColor: grey }}
          aria-hidden="true"
        />
        faint = offline
      </span>
    </span>
  );
}
