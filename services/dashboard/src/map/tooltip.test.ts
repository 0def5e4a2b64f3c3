import type { WarningProperties } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { warningTooltip } from './tooltip.js';

const NOW = Date.UTC(2026, 11, 2, 16, 0);
const flood: WarningProperties = {
  id: 1,
  source: 'sample',
  identifier: 'w-1',
  sender: 'nws',
  event: 'Flood <Warning>',
  headline: 'Flood Warning for Mission Bay & the creek',
  areaDesc: 'Mission Bay',
  severity: 'Severe',
  urgency: 'Expected',
  certainty: 'Likely',
  sent: NOW - 3_600_000,
  expires: NOW + 2 * 3_600_000 + 5 * 60_000,
};

describe('warningTooltip', () => {
  it('says what, the headline, how bad and how long it is in force, escaped', () => {
    const html = warningTooltip(flood, NOW);
    expect(html).toContain('<b>Flood &#60;Warning&#62;</b>');
    expect(html).toContain('Flood Warning for Mission Bay &#38; the creek');
    expect(html).toContain('Severe · Expected · Likely');
    expect(html).toContain('Mission Bay · expires in 2 h 05 min');
  });

  it('says when there is no expiry, and when it has passed', () => {
    expect(warningTooltip({ ...flood, expires: null }, NOW)).toContain('no expiry given');
    expect(warningTooltip({ ...flood, expires: NOW - 1 }, NOW)).toContain('expired');
  });
});
