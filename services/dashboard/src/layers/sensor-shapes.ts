/**
 * Sensors' shapes: each kind of sensor has its own mark (a hexagon for air quality, a square for parking…),
 * so the kind reads from across the room without a colour, while the ring keeps the department's colour and
 * incidents stay the only filled discs. One table: the map's shader draws shape codes (sensor-shape-layer.ts)
 * and the map key draws the same shapes as SVG (components/sensor-kind-key.tsx).
 *
 * NOTE: kinds are free text from the sensors' own registrations; the demo feed's and the common ones have a
 * shape, any other kind is a plain disc ("other").
 */

/** Shape codes, as the fragment shader reads them. */
export const SENSOR_SHAPES = {
  circle: 0,
  square: 1,
  diamond: 2,
  triangleUp: 3,
  triangleDown: 4,
  hexagon: 5,
  plus: 6,
  cross: 7,
  star: 8,
} as const;
export type SensorShape = keyof typeof SENSOR_SHAPES;

interface KindLook {
  shape: SensorShape;
  label: string;
}

const KINDS: Record<string, KindLook> = {
  'air-quality': { shape: 'hexagon', label: 'Air quality' },
  noise: { shape: 'diamond', label: 'Noise' },
  weather: { shape: 'plus', label: 'Weather' },
  'traffic-flow': { shape: 'triangleUp', label: 'Traffic flow' },
  parking: { shape: 'square', label: 'Parking' },
  'water-pressure': { shape: 'cross', label: 'Water pressure' },
  'water-level': { shape: 'triangleDown', label: 'Flood level' },
  streetlight: { shape: 'star', label: 'Street light' },
};

const OTHER: KindLook = { shape: 'circle', label: 'Other' };

/** Kinds are written both ways by feeds (`air-quality`, `air_quality`): one look for both. */
function known(kind: string): KindLook | undefined {
  return KINDS[kind.replaceAll('_', '-')];
}

/** How a kind of sensor is drawn and named in the key ("Other", a disc, for kinds without a shape). */
export function sensorKindLook(kind: string): KindLook {
  return known(kind) ?? OTHER;
}

export function sensorShapeCode(kind: string): number {
  return SENSOR_SHAPES[sensorKindLook(kind).shape];
}

/** The key's lines: one per shape present, the kinds it stands for, in the table's order then "Other". */
export function sensorKindKey(
  kinds: Iterable<string>,
): Array<{ shape: SensorShape; label: string; kinds: string[] }> {
  const present = [...new Set(kinds)].sort();
  const lines = Object.entries(KINDS)
    .map(([name, look]) => ({
      shape: look.shape,
      label: look.label,
      kinds: present.filter((kind) => known(kind) === KINDS[name]),
    }))
    .filter((line) => line.kinds.length > 0);
  const others = present.filter((kind) => !known(kind));
  if (others.length > 0) lines.push({ shape: OTHER.shape, label: OTHER.label, kinds: others });
  return lines;
}

/**
 * The shapes as SVG paths in a 20×20 box centred on (10, 10), the same geometry as the shader's (a unit
 * circle scaled to 9): what the key shows is what the map draws.
 */
export const SENSOR_SHAPE_PATHS: Record<SensorShape, string> = {
  circle: 'M1,10 A9,9 0 1,0 19,10 A9,9 0 1,0 1,10 Z',
  square: 'M3,3 H17 V17 H3 Z',
  diamond: 'M10,1 L19,10 L10,19 L1,10 Z',
  triangleUp: 'M10,1 L17.8,14.5 L2.2,14.5 Z',
  triangleDown: 'M10,19 L17.8,5.5 L2.2,5.5 Z',
  hexagon: 'M5.5,2.2 H14.5 L19,10 L14.5,17.8 H5.5 L1,10 Z',
  plus: 'M7,1 H13 V7 H19 V13 H13 V19 H7 V13 H1 V7 H7 Z',
  cross:
    'M5.8,1.5 L10,5.8 L14.2,1.5 L18.5,5.8 L14.2,10 L18.5,14.2 L14.2,18.5 L10,14.2 L5.8,18.5 L1.5,14.2 L5.8,10 L1.5,5.8 Z',
  star: 'M10,1 Q10,10 19,10 Q10,10 10,19 Q10,10 1,10 Q10,10 10,1 Z',
};
