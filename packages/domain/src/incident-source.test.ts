import { describe, expect, it } from 'vitest';
import { decodeMessage } from './decode.js';
import { foldIncident } from './incident-fold.js';
import { incidentSource, publicActor, ruleActor } from './incident-source.js';
import type { IncidentEvent } from './schemas.js';

const T0 = Date.UTC(2024, 5, 1, 12, 0, 0);

const reported = (actor: string | undefined): IncidentEvent => ({
  eventId: 'e1',
  incidentId: 'i1',
  type: 'reported',
  ts: T0,
  department: 'water',
  category: 'Flooding',
  severity: 3,
  lat: 37.76,
  lon: -122.41,
  title: 'Water over the kerb',
  ...(actor === undefined ? {} : { actor }),
});

describe('incident source', () => {
  it('is read off the reporting actor', () => {
    expect(incidentSource(undefined)).toBe('department');
    expect(incidentSource('j.doe')).toBe('department');
    expect(incidentSource(ruleActor('flood-watch'))).toBe('rule');
    expect(incidentSource(publicActor('open311'))).toBe('public');
    // Only a prefix counts: a person's name that merely contains the word is a department's actor.
    expect(incidentSource('public works desk')).toBe('department');
  });

  it('is folded from the reported event, not from later events', () => {
    const opened = foldIncident([reported(publicActor('open311'))]);
    expect(opened?.source).toBe('public');
    const acked: IncidentEvent = {
      eventId: 'e2',
      incidentId: 'i1',
      type: 'acknowledged',
      ts: T0 + 60_000,
      department: 'water',
      actor: ruleActor('x'),
    };
    expect(foldIncident([reported(publicActor('open311')), acked])?.source).toBe('public');
    expect(foldIncident([reported('cad')])?.source).toBe('department');
    // Before its report arrives an incident is a department's (the only one that has spoken).
    expect(foldIncident([acked])?.source).toBe('department');
  });

  it('is refused from a feed that writes as a rule or as the public', () => {
    for (const actor of [ruleActor('flood-watch'), publicActor('open311')]) {
      const result = decodeMessage(
        'city/v1/incidents/water/events',
        new TextEncoder().encode(JSON.stringify({ ...reported(actor), department: undefined, ts: T0 })),
        { topicRoot: 'city', maxPayloadBytes: 262_144, now: T0 + 1000 },
      );
      expect(result.records).toHaveLength(0);
      expect(result.errors.join(' ')).toMatch(/actor: must not start with "rule:" or "public:"/);
    }
  });
});
