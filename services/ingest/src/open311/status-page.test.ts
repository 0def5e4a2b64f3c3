import { describe, expect, it } from 'vitest';
import { formatTime, statusPageHtml } from './status-page.js';

const at = Date.parse('2026-03-01T20:05:00Z');

describe('statusPageHtml', () => {
  const html = statusPageHtml({
    serviceName: 'Noise <b>',
    description: 'Loud <script>alert("x")</script> & more\nsecond line',
    requestId: '42',
    requestedAt: at,
    status: 'open',
    history: [
      { at, text: 'Received' },
      { at: at + 60_000, text: 'Resolved: <i>done</i>' },
    ],
    cityName: 'San Francisco',
    timeZone: 'America/Los_Angeles',
    locale: 'en-US',
  });

  it('escapes every piece of text: no markup of a citizen or a lead is ever rendered', () => {
    expect(html).not.toMatch(/<script|<b>|<i>/);
    expect(html).toContain('Loud &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more\nsecond line');
    expect(html).toContain('Noise &lt;b&gt;');
    expect(html).toContain('Resolved: &lt;i&gt;done&lt;/i&gt;');
  });

  it('says times in the city’s time zone, with its label', () => {
    expect(formatTime(at, 'America/Los_Angeles', 'en-US')).toBe('Mar 1, 2026, 12:05 PM PST');
    expect(html).toContain('Mar 1, 2026, 12:05 PM PST');
  });
});
