import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CIRCLE_SIDES } from './cap-geometry.js';
import { parseCapDocument } from './parse-cap.js';

const SAMPLE = readFileSync(new URL('../../../../data/cities/sf/cap-sample.xml', import.meta.url), 'utf8');

const alert = (inner: string, info = defaultInfo) =>
  `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><identifier>A-1</identifier><sender>x@y</sender>` +
  `<sent>2026-12-02T08:00:00-08:00</sent><status>Actual</status><msgType>Alert</msgType><scope>Public</scope>` +
  `${inner}${info}</alert>`;
const defaultInfo =
  '<info><category>Met</category><event>Wind</event><urgency>Immediate</urgency><severity>Moderate</severity>' +
  '<certainty>Observed</certainty><expires>2026-12-02T10:00:00-08:00</expires>' +
  '<area><areaDesc>Bay</areaDesc><circle>37.8,-122.4 2</circle></area></info>';

describe('parseCapDocument', () => {
  it('reads a single alert: the sample flood warning, latitude-first polygon to GeoJSON', () => {
    const doc = parseCapDocument(SAMPLE);
    expect(doc.problem).toBeNull();
    expect(doc.alerts).toHaveLength(1);
    const read = doc.alerts[0]!;
    if (!read.ok) throw new Error(read.reason);
    expect(read.warning).toMatchObject({
      sender: 'w-nws.webmaster@noaa.gov',
      sent: Date.parse('2026-12-02T13:47:00Z'),
      expires: Date.parse('2031-01-01T07:00:00Z'),
      event: 'Flood Warning',
      severity: 'Severe',
      urgency: 'Expected',
      certainty: 'Likely',
      areaDesc: 'Mission Bay and lower Mission Creek, San Francisco',
    });
    const ring = read.warning.areas.coordinates[0]![0]!;
    expect(ring[0]).toEqual([-122.3935, 37.7795]);
    expect(ring[ring.length - 1]).toEqual(ring[0]);
  });

  it('reads an Atom feed of alerts, and collects entries that only link to theirs', () => {
    const feed =
      '<feed xmlns="http://www.w3.org/2005/Atom"><id>f</id>' +
      `<entry><id>1</id><content type="application/cap+xml">${alert('')}</content></entry>` +
      `<entry><id>2</id><content type="application/cap+xml">${alert('').replace('A-1', 'A-2')}</content></entry>` +
      '<entry><id>3</id><link rel="alternate" type="application/cap+xml" href="https://x.example/3.cap"/></entry>' +
      '</feed>';
    const doc = parseCapDocument(feed);
    expect(doc.alerts.map((a) => a.ok && a.warning.identifier)).toEqual(['A-1', 'A-2']);
    expect(doc.links).toEqual(['https://x.example/3.cap']);
    const first = doc.alerts[0]!;
    if (!first.ok) throw new Error(first.reason);
    expect(first.warning.xml).toContain('<identifier>A-1</identifier>');
  });

  it('turns a circle into a closed 32-sided polygon around its centre', () => {
    const read = parseCapDocument(alert('')).alerts[0]!;
    if (!read.ok) throw new Error(read.reason);
    const ring = read.warning.areas.coordinates[0]![0]!;
    expect(ring).toHaveLength(CIRCLE_SIDES + 1);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    // 2 km east of the centre at angle 0.
    expect(ring[0]![1]).toBeCloseTo(37.8, 6);
    expect(ring[0]![0]).toBeGreaterThan(-122.4 + 0.02);
  });

  it('says in plain words what is wrong with a bad alert', () => {
    const bad = alert(
      '',
      '<info><event>Wind</event><urgency>Soon</urgency><severity>Moderate</severity><certainty>Observed</certainty>' +
        '<expires>tomorrow</expires><area><areaDesc>Bay</areaDesc><polygon>91,0 1,1 2,2 91,0</polygon></area></info>',
    ).replace('2026-12-02T08:00:00-08:00', '2026-12-02T16:00:00Z');
    const read = parseCapDocument(bad).alerts[0]!;
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.identifier).toBe('A-1');
    expect(read.reason).toContain('sent: "2026-12-02T16:00:00Z" is not a CAP date-time');
    expect(read.reason).toContain(
      'info.urgency: "Soon" is not one of Immediate, Expected, Future, Past, Unknown',
    );
    expect(read.reason).toContain('info.expires: "tomorrow" is not a CAP date-time');
    expect(read.reason).toContain('polygon: "91,0" is not a "latitude,longitude" pair in range');
    expect(read.reason).toContain('info.area: no polygon or circle');
  });

  it('says when the document is not XML, or neither an alert nor a feed', () => {
    expect(parseCapDocument('<alert><identifier>x</alert>').problem).toMatch(
      /^document: not well-formed XML/,
    );
    expect(parseCapDocument('<html><body/></html>').problem).toBe(
      'document: neither a CAP <alert> nor an Atom <feed>',
    );
    expect(parseCapDocument('').problem).not.toBeNull();
  });
});
