import type { WarningFeature } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { inForce } from './warnings.js';

const at = (expires: number | null) =>
  ({
    type: 'Feature',
    properties: { expires },
    geometry: { type: 'MultiPolygon', coordinates: [] },
  }) as unknown as WarningFeature;

describe('inForce', () => {
  it('keeps warnings without an expiry or with one still ahead, drops those expired at that time', () => {
    const list = [at(null), at(1000), at(2000)];
    expect(inForce(list, 999).length).toBe(3);
    expect(inForce(list, 1000).map((w) => w.properties.expires)).toEqual([null, 2000]);
    expect(inForce(list, 5000).map((w) => w.properties.expires)).toEqual([null]);
  });
});
