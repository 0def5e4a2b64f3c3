import type { Department } from '@twin/domain';
import type { ColorOf } from '../../layers/colors.js';
import { shadeLegend } from '../../lib/district-shade.js';
import { DepartmentLegend } from '../department-legend.js';
import { SensorKey } from '../sensor-key.js';

interface MapKeyProps {
  departments: readonly Department[];
  counts: Map<string, number>;
  /** Some sensors on the map are the demo feed's (said in the sensor key). */
  simulatedSensors: boolean;
  colorOf: ColorOf;
  loading: boolean;
  outsideCity: number;
  withoutLocation: number;
}

/** How to read the map, over its corner: colours, district shades, marks, what the map cannot show. */
export function MapKey({
  departments,
  counts,
  colorOf,
  loading,
  outsideCity,
  withoutLocation,
  simulatedSensors,
}: MapKeyProps) {
  return (
    <div className="map-key" data-testid="map-key">
      <DepartmentLegend departments={departments} counts={counts} colorOf={colorOf} loading={loading} large />
      <p className="map-key__line">
        <span className="map-key__label">Districts: open incidents</span>
        {shadeLegend().map((step) => (
          <span key={step.label} className="map-key__shade">
            <span className="map-key__shade-swatch" style={{ background: step.color }} aria-hidden="true" />
            {step.label}
          </span>
        ))}
      </p>
      <p className="map-key__line">
        <span className="ring-key" aria-hidden="true" /> ring = awaiting ack · size = severity ·{' '}
        <span className="unit-chip-key" aria-hidden="true">
          E1
        </span>{' '}
        = unit on scene
      </p>
      <p className="map-key__line">
        <SensorKey simulated={simulatedSensors} />
      </p>
      {(outsideCity > 0 || withoutLocation > 0) && (
        <p className="map-key__line map-key__off-map">
          {outsideCity > 0 && (
            <span data-testid="open-outside-count" data-count={outsideCity}>
              + {outsideCity} open outside the map
            </span>
          )}
          {withoutLocation > 0 && (
            <span data-testid="open-unlocated-count" data-count={withoutLocation}>
              + {withoutLocation} open without a location yet
            </span>
          )}
        </p>
      )}
    </div>
  );
}
