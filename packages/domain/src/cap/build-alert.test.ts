import { capSchemaErrors } from '@twin/test-kit';
import { describe, expect, it } from 'vitest';
import { type AlertInput, buildCapAlert, capCategories, capSeverity } from './build-alert.js';
import { capAlertXml, capAtomFeed } from './cap-xml.js';
import { parseCapDocument } from './parse-cap.js';

// 2026-12-02 16:00:00 UTC = 08:00 in San Francisco (PST, -08:00).
const SENT = Date.UTC(2026, 11, 2, 16, 0, 0, 450);
const SQUARE = [
  [-122.42, 37.77],
  [-122.41, 37.77],
  [-122.41, 37.78],
  [-122.42, 37.78],
];

function input(over: Partial<AlertInput> = {}): AlertInput {
  return {
    incident: {
      incidentId: 'inc-1',
      category: 'Structure Fire',
      categoryKey: 'structure-fire',
      severity: 4,
      title: 'Fire in a warehouse & smoke',
      district: 'Mission',
    },
    city: { id: 'sf', name: 'San Francisco', timezone: 'America/Los_Angeles', locale: 'en-US' },
    department: { id: 'fire', name: 'Fire', icon: 'fire' },
    sender: 'twin@sf.invalid',
    web: null,
    identifier: 'twin-sf-0001',
    sentAt: SENT,
    choices: {
      msgType: 'Alert',
      status: 'Actual',
      urgency: 'Expected',
      certainty: 'Likely',
      expiresInMin: 90,
    },
    area: { name: 'Mission', rings: [SQUARE] },
    earlier: [],
    ...over,
  };
}

describe('buildCapAlert', () => {
  it('writes the fixed fields, the city-offset dates and the incident severity', () => {
    const alert = buildCapAlert(input());
    expect(alert).toMatchObject({
      identifier: 'twin-sf-0001',
      sender: 'twin@sf.invalid',
      sent: '2026-12-02T08:00:00-08:00',
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Public',
      references: null,
    });
    expect(alert.info).toMatchObject({
      category: ['Fire'],
      event: 'Structure Fire',
      urgency: 'Expected',
      severity: 'Severe',
      certainty: 'Likely',
      expires: '2026-12-02T09:30:00-08:00',
      senderName: 'Fire',
      headline: 'Fire in a warehouse & smoke — Mission, San Francisco',
    });
  });

  it('writes summer dates with the daylight-saving offset and UTC as -00:00', () => {
    const july = Date.UTC(2026, 6, 1, 12, 0, 0);
    expect(buildCapAlert(input({ sentAt: july })).sent).toBe('2026-07-01T05:00:00-07:00');
    const utc = input({ sentAt: july });
    utc.city = { ...utc.city, timezone: 'UTC' };
    expect(buildCapAlert(utc).sent).toBe('2026-07-01T12:00:00-00:00');
  });

  it('closes the ring and writes latitude before longitude', () => {
    const [polygon] = buildCapAlert(input()).info.area[0]!.polygon;
    expect(polygon).toBe('37.77,-122.42 37.77,-122.41 37.78,-122.41 37.78,-122.42 37.77,-122.42');
  });

  it('an Update and a Cancel reference the earlier alert', () => {
    const earlier = [
      { sender: 'twin@sf.invalid', identifier: 'twin-sf-0001', sent: '2026-12-02T08:00:00-08:00' },
    ];
    const update = buildCapAlert(
      input({ identifier: 'twin-sf-0002', earlier, choices: { ...input().choices, msgType: 'Update' } }),
    );
    expect(update.references).toBe('twin@sf.invalid,twin-sf-0001,2026-12-02T08:00:00-08:00');
    const cancel = buildCapAlert(
      input({ identifier: 'twin-sf-0003', earlier, choices: { ...input().choices, msgType: 'Cancel' } }),
    );
    expect(cancel.msgType).toBe('Cancel');
    expect(cancel.references).toBe(update.references);
    expect(cancel.info.urgency).toBe('Past');
  });

  it('refuses an area without a polygon', () => {
    expect(() => buildCapAlert(input({ area: { name: 'Mission', rings: [] } }))).toThrow(/no polygon/);
  });

  it('maps severities and categories', () => {
    expect([1, 2, 3, 4, 5].map(capSeverity)).toEqual(['Minor', 'Minor', 'Moderate', 'Severe', 'Extreme']);
    expect(capCategories({ id: 'ems' }, 'medical-incident')).toEqual(['Health']);
    expect(capCategories({ id: 'water' }, 'street-flooding')).toEqual(['Infra', 'Met']);
    expect(capCategories({ id: 'unlisted-x', icon: 'building' }, null)).toEqual(['Safety']);
  });
});

describe('CAP XML against the OASIS CAP 1.2 schema', () => {
  it('an alert, an exercise, an update with a circle and a cancel are all valid', async () => {
    const earlier = [
      { sender: 'twin@sf.invalid', identifier: 'twin-sf-0001', sent: '2026-12-02T08:00:00-08:00' },
    ];
    const alerts = [
      buildCapAlert(input({ web: 'https://city.example/alerts' })),
      buildCapAlert(
        input({ choices: { ...input().choices, status: 'Exercise', instruction: 'Keep windows shut.' } }),
      ),
      buildCapAlert(
        input({
          earlier,
          choices: { ...input().choices, msgType: 'Update' },
          area: {
            name: 'Mission',
            rings: [SQUARE, SQUARE],
            circle: { center: [-122.415, 37.775], radiusKm: 0.5 },
          },
        }),
      ),
      buildCapAlert(input({ earlier, choices: { ...input().choices, msgType: 'Cancel' } })),
    ];
    for (const alert of alerts) expect(await capSchemaErrors(capAlertXml(alert))).toEqual([]);
  });

  it('escapes text: the headline round-trips through the parser', () => {
    const xml = capAlertXml(buildCapAlert(input()));
    expect(xml).toContain('Fire in a warehouse &amp; smoke');
    const [read] = parseCapDocument(xml).alerts;
    expect(read).toMatchObject({
      ok: true,
      warning: { headline: 'Fire in a warehouse & smoke — Mission, San Francisco' },
    });
  });

  it('the validator refuses a broken alert (a UTC "Z" date and an unknown severity)', async () => {
    const xml = capAlertXml(buildCapAlert(input()))
      .replace('2026-12-02T08:00:00-08:00', '2026-12-02T16:00:00Z')
      .replace('<severity>Severe</severity>', '<severity>Bad</severity>');
    const errors = await capSchemaErrors(xml);
    expect(errors.join('\n')).toMatch(/sent/);
    expect(errors.join('\n')).toMatch(/severity/);
  });

  it('the Atom feed embeds each alert, which reads back as the same warning', () => {
    const xml = capAlertXml(buildCapAlert(input()));
    const feed = capAtomFeed(
      { selfHref: 'http://x/api/v1/alerts.cap', title: 'Alerts', author: 'San Francisco', updatedAt: SENT },
      [
        {
          xml,
          identifier: 'twin-sf-0001',
          headline: 'H',
          sentAt: SENT,
          href: 'http://x/api/v1/alerts/1.cap',
        },
      ],
    );
    expect(feed).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(feed).toContain('<content type="application/cap+xml">');
    const parsed = parseCapDocument(feed);
    expect(parsed.problem).toBeNull();
    expect(parsed.alerts).toHaveLength(1);
    expect(parsed.alerts[0]).toMatchObject({
      ok: true,
      warning: { identifier: 'twin-sf-0001', severity: 'Severe' },
    });
  });
});
