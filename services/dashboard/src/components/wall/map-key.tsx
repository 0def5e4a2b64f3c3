import { CAP_SEVERITIES, type Department, type WarningFeature } from '@twin/domain';
import { type ColorOf, cssColor } from '../../layers/colors.js';
import { SEVERITY_COLORS } from '../../layers/warning-layers.js';
import { shadeLegend } from '../../lib/district-shade.js';
import { DepartmentLegend } from '../department-legend.js';
import { SensorKey } from '../sensor-key.js';
import { SensorKindKey } from '../sensor-kind-key.js';

interface MapKeyProps {
  departments: readonly Department[];
  counts: Map<string, number>;
  /** Some sensors on the map are the demo feed's (said in the sensor key). */
  simulatedSensors: boolean;
  /** The kinds of the sensors on the map: each has its shape (layers/sensor-shapes.ts). */
  sensorKinds: ReadonlySet<string>;
  colorOf: ColorOf;
  loading: boolean;
  outsideCity: number;
  withoutLocation: number;
  /** Other agencies' CAP warnings in force (drawn as areas); the line shows only while there are some. */
  warnings?: readonly WarningFeature[];
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
  sensorKinds,
  warnings = [],
}: MapKeyProps) {
  return (
    <div className="map-key" data-testid="map-key">
      <DepartmentLegend
        departments={departments}
        counts={counts}
        colorOf={colorOf}
        loading={loading}
        large
        withShortNames
      />
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
      {sensorKinds.size > 0 && (
        <p className="map-key__line">
          <SensorKindKey kinds={sensorKinds} />
        </p>
      )}
      {warnings.length > 0 && <WarningKey warnings={warnings} />}
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

/** How many public warnings are in force, by CAP severity, with the colours their areas are drawn in. */
function WarningKey({ warnings }: { warnings: readonly WarningFeature[] }) {
  const bySeverity = new Map<string, number>();
  for (const w of warnings)
    bySeverity.set(w.properties.severity, (bySeverity.get(w.properties.severity) ?? 0) + 1);
  return (
    <p className="map-key__line" data-testid="warnings-key" data-count={warnings.length}>
      <span className="map-key__label">
        {warnings.length} public warning{warnings.length === 1 ? '' : 's'} (CAP)
      </span>
      {CAP_SEVERITIES.filter((s) => bySeverity.has(s)).map((severity) => (
        <span key={severity} className="map-key__shade">
          <span
            className="map-key__shade-swatch"
            style={{ background: cssColor(SEVERITY_COLORS[severity]) }}
            aria-hidden="true"
          />
          {severity} {bySeverity.get(severity)}
        </span>
      ))}
    </p>
  );
}
