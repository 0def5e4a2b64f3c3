import { describe, expect, it } from 'vitest';
import { DEFAULT_URL_STATE, decodeUrlState, encodeUrlState } from './url-state.js';

describe('url state', () => {
  it('round-trips a full state', () => {
    const state = {
      department: 'fire',
      status: 'all' as const,
      district: 'Outer Mission',
      minSeverity: 3,
      incident: 'sf-2020-123',
      acting: 'ems',
      replay: null,
    };
    const search = encodeUrlState(state);
    expect(search).toBe(
      '?department=fire&status=all&district=Outer+Mission&minSeverity=3&incident=sf-2020-123&acting=ems',
    );
    expect(decodeUrlState(search)).toEqual(state);
  });

  it('omits defaults, so the plain view has a plain URL', () => {
    expect(encodeUrlState(DEFAULT_URL_STATE)).toBe('');
    expect(encodeUrlState({ ...DEFAULT_URL_STATE, department: 'fire' })).toBe('?department=fire');
  });

  it('falls back to defaults for invalid values instead of failing', () => {
    expect(
      decodeUrlState('?status=bogus&minSeverity=9&department=Not%20A%20Dept&incident=%3Cscript%3E'),
    ).toEqual(DEFAULT_URL_STATE);
  });

  it('accepts a single incident status', () => {
    expect(decodeUrlState('?status=on_scene').status).toBe('on_scene');
  });
});
