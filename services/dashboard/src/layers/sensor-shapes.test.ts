import { describe, expect, it } from 'vitest';
import {
  SENSOR_SHAPE_PATHS,
  SENSOR_SHAPES,
  sensorKindKey,
  sensorKindLook,
  sensorShapeCode,
} from './sensor-shapes.js';

describe('sensor shapes', () => {
  it('gives every known kind its own shape, and any other kind a disc', () => {
    const kinds = [
      'air-quality',
      'noise',
      'weather',
      'traffic-flow',
      'parking',
      'water-pressure',
      'water-level',
      'streetlight',
    ];
    const shapes = kinds.map((k) => sensorKindLook(k).shape);
    expect(new Set(shapes).size).toBe(kinds.length);
    expect(shapes).not.toContain('circle');
    expect(sensorKindLook('seismic')).toEqual({ shape: 'circle', label: 'Other' });
    expect(sensorShapeCode('parking')).toBe(SENSOR_SHAPES.square);
    // The key draws every shape the shader knows.
    expect(Object.keys(SENSOR_SHAPE_PATHS).sort()).toEqual(Object.keys(SENSOR_SHAPES).sort());
  });

  it('lists the kinds present, in a fixed order, the unknown ones together as "Other"', () => {
    expect(sensorKindKey(['seismic', 'parking', 'air-quality', 'lidar'])).toEqual([
      { shape: 'hexagon', label: 'Air quality', kinds: ['air-quality'] },
      { shape: 'square', label: 'Parking', kinds: ['parking'] },
      { shape: 'circle', label: 'Other', kinds: ['lidar', 'seismic'] },
    ]);
    expect(sensorKindKey([])).toEqual([]);
    // Written with "_" (as some feeds do): the same kind, the same shape, one line.
    expect(sensorKindKey(['air_quality', 'air-quality'])).toEqual([
      { shape: 'hexagon', label: 'Air quality', kinds: ['air-quality', 'air_quality'] },
    ]);
  });
});
