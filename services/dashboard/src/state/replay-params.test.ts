import { describe, expect, it } from 'vitest';
import { decodeUrlState, encodeUrlState } from './url-state.js';

describe('replay URL', () => {
  it('round-trips window, playhead, speed, filters and camera', () => {
    const from = Date.UTC(2020, 3, 7, 7);
    const state = {
      ...decodeUrlState(''),
      department: 'fire',
      replay: {
        from,
        to: from + 24 * 3_600_000,
        t: from + 3_723_000,
        speed: 600,
        category: 'structure-fire',
        camera: { lon: -122.41942, lat: 37.77493, zoom: 12.5, pitch: 45, bearing: -17.5 },
      },
    };
    const search = encodeUrlState(state);
    expect(search).toBe(
      '?department=fire&from=2020-04-07T07%3A00%3A00.000Z&to=2020-04-08T07%3A00%3A00.000Z&t=2020-04-07T08%3A02%3A03.000Z&speed=600&cat=structure-fire&cam=-122.41942%2C37.77493%2C12.5%2C45%2C-17.5',
    );
    expect(decodeUrlState(search)).toEqual(state);
  });

  it('reads epoch ms as well as ISO, and the old spelling of the department in links already shared', () => {
    const state = decodeUrlState('?from=1000&to=5000&t=9000&dept=ems');
    expect(state.replay).toEqual({
      from: 1000,
      to: 5000,
      t: 5000,
      speed: null,
      category: null,
      camera: null,
    });
    expect(state.department).toBe('ems');
    // Written back in the one spelling; `department` wins when a link has both.
    expect(encodeUrlState(state)).toMatch(/^\?department=ems&from=/);
    expect(decodeUrlState('?from=1000&to=5000&dept=ems&department=fire').department).toBe('fire');
  });

  it('ignores a window that is empty, reversed, too long or unreadable, and bad extras', () => {
    expect(decodeUrlState('?from=5000&to=1000').replay).toBeNull();
    expect(decodeUrlState('?from=yesterday&to=1000').replay).toBeNull();
    expect(decodeUrlState('?from=0&to=99999999999').replay).toBeNull();
    const odd = decodeUrlState('?from=0&to=1000&speed=fast&cat=%3Cb%3E&cam=1,2,3');
    expect(odd.replay).toEqual({ from: 0, to: 1000, t: null, speed: null, category: null, camera: null });
  });

  it('a plain view has no replay parameters', () => {
    expect(decodeUrlState('?department=fire').replay).toBeNull();
    expect(encodeUrlState(decodeUrlState('?department=fire'))).toBe('?department=fire');
  });
});
