import { describe, expect, it } from 'vitest';
import type { Open311RequestWithIncident } from '../db/open311-requests.js';
import { requestStatus, splitFormat, xmlList } from './georeport.js';

const row = (patch: Partial<Open311RequestWithIncident>): Open311RequestWithIncident => ({
  id: '1',
  serviceCode: 'pothole',
  incidentId: 'i',
  merged: false,
  description: null,
  address: null,
  mediaUrl: null,
  lat: 37.7,
  lon: -122.4,
  requestedAt: 0,
  state: 'attached',
  reason: null,
  stateChangedAt: null,
  incidentStatus: 'reported',
  incidentDepartment: 'public-works',
  incidentUpdatedAt: 0,
  resolutionNote: null,
  ...patch,
});

describe('GeoReport shapes', () => {
  it('reads open/closed off the incident; a rejected report is closed whatever its incident does', () => {
    expect(requestStatus(row({ incidentStatus: 'on_scene' }))).toBe('open');
    expect(requestStatus(row({ incidentStatus: 'resolved' }))).toBe('closed');
    expect(requestStatus(row({ incidentStatus: 'reported', state: 'rejected' }))).toBe('closed');
  });

  it('splits the format off a path segment', () => {
    expect(splitFormat('pothole.json')).toEqual({ name: 'pothole', format: 'json' });
    expect(splitFormat('12.xml')).toEqual({ name: '12', format: 'xml' });
    expect(splitFormat('12.html')).toBeNull();
  });

  it('writes XML with every value escaped and nulls as empty elements', () => {
    expect(
      xmlList('errors', 'error', [
        { code: 400, description: '<x> & "y"' },
        { code: 1, description: null },
      ]),
    ).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>400</code><description>&lt;x&gt; &amp; &quot;y&quot;</description></error><error><code>1</code><description></description></error></errors>\n',
    );
  });
});
