import { describe, expect, it } from 'vitest';
import { incident } from '../test-fixtures.js';
import { eventText } from './event-text.js';
import {
  addEntries,
  becameCritical,
  CRITICAL_PIN_MS,
  entriesFromChange,
  seedEntries,
  tickerOrder,
} from './ticker.js';

const nameOf = (id: string) =>
  (
    ({ fire: 'Fire', police: 'Police', ems: 'Emergency Medical', 'public-works': 'Public Works' }) as Record<
      string,
      string
    >
  )[id] ?? id;
const texts = (entries: ReturnType<typeof entriesFromChange>) => entries.map((e) => eventText(e, nameOf));

describe('entriesFromChange', () => {
  it('reads a new incident as reported by its reporter', () => {
    const entries = entriesFromChange(undefined, incident({ reportedBy: 'police', department: 'police' }));
    expect(texts(entries)).toEqual(['Reported by Police']);
    expect(entries[0]?.critical).toBe(false);
  });

  it('reads dispatch, arrival, escalation and acknowledgement from the difference of states', () => {
    const before = incident({ updatedAt: 1_000, eventCount: 1 });
    expect(
      texts(
        entriesFromChange(
          before,
          incident({
            updatedAt: 2_000,
            eventCount: 3,
            awaitingAck: false,
            acknowledgedAt: 2_000,
            units: [
              {
                unit: 'E12',
                department: 'fire',
                dispatchedAt: 2_000,
                onSceneAt: null,
                status: 'dispatched',
                statusAt: 2_000,
              },
            ],
          }),
        ),
      ),
    ).toEqual(['Dispatched unit E12 by Fire', 'Acknowledged by Fire']);
    const dispatched = incident({
      updatedAt: 2_000,
      eventCount: 2,
      units: [
        {
          unit: 'M7',
          department: 'ems',
          dispatchedAt: 2_000,
          onSceneAt: null,
          status: 'dispatched',
          statusAt: 2_000,
        },
      ],
    });
    expect(
      texts(
        entriesFromChange(
          dispatched,
          incident({
            updatedAt: 3_000,
            eventCount: 3,
            units: [
              {
                unit: 'M7',
                department: 'ems',
                dispatchedAt: 2_000,
                onSceneAt: 3_000,
                status: 'on_scene',
                statusAt: 3_000,
              },
            ],
          }),
        ),
      ),
    ).toEqual(['Unit M7 on scene (Emergency Medical)']);
  });

  it('reads a change of owner as a hand-over and a new helper as a request for assistance', () => {
    const before = incident({ department: 'police', updatedAt: 1_000 });
    const after = incident({ department: 'fire', assisting: ['ems'], updatedAt: 2_000, eventCount: 3 });
    expect(texts(entriesFromChange(before, after))).toEqual([
      'Handed over to Fire by Police',
      'Assistance requested of Emergency Medical by Fire',
    ]);
  });

  it('falls back to the last event type (a comment) and says nothing for an unchanged state', () => {
    const before = incident({ updatedAt: 1_000, eventCount: 1 });
    expect(
      texts(
        entriesFromChange(before, incident({ updatedAt: 2_000, eventCount: 2, lastEventType: 'comment' })),
      ),
    ).toEqual(['Comment by Fire']);
    expect(entriesFromChange(before, before)).toEqual([]);
  });

  it('names the user who acted, as the timeline does, on the entry that is their event only', () => {
    const before = incident({ updatedAt: 1_000, eventCount: 1, awaitingAck: true, units: [] });
    const acked = incident({
      updatedAt: 2_000,
      eventCount: 3,
      awaitingAck: false,
      lastEventType: 'acknowledged',
      lastEventActor: 'j.doe',
      units: [
        {
          unit: 'E1',
          department: 'fire',
          dispatchedAt: 1_500,
          onSceneAt: null,
          status: 'dispatched',
          statusAt: 1_500,
        },
      ],
    });
    // The dispatch folded into the same change named nobody: only the acknowledgement is j.doe's.
    expect(texts(entriesFromChange(before, acked))).toEqual([
      'Dispatched unit E1 by Fire',
      'Acknowledged by j.doe (Fire)',
    ]);
    // The same words as the timeline's line for that event (one definition: event-text.ts).
    expect(eventText({ type: 'acknowledged', department: 'fire', actor: 'j.doe' }, nameOf)).toBe(
      'Acknowledged by j.doe (Fire)',
    );
    const reported = incident({
      reportedBy: 'fire',
      lastEventType: 'reported',
      lastEventActor: 'rule:flood-watch',
    });
    expect(texts(entriesFromChange(undefined, reported))).toEqual(['Reported by rule flood-watch (Fire)']);
    expect(texts(seedEntries([acked]))).toEqual(['Acknowledged by j.doe (Fire)']);
  });

  it('marks a new critical incident and an escalation to critical, once', () => {
    expect(entriesFromChange(undefined, incident({ severity: 5 }))[0]?.critical).toBe(true);
    const escalated = entriesFromChange(
      incident({ severity: 3 }),
      incident({ severity: 5, updatedAt: 2_000, eventCount: 2 }),
    );
    expect(escalated.map((e) => [e.type, e.critical])).toEqual([['escalated', true]]);
    expect(
      becameCritical(incident({ severity: 5 }), incident({ severity: 5, updatedAt: 3_000, eventCount: 3 })),
    ).toBe(false);
    expect(becameCritical(undefined, incident({ severity: 5, status: 'closed' }))).toBe(false);
  });
});

describe('seedEntries / addEntries', () => {
  it('starts from each incident’s latest event, newest first', () => {
    const seeded = seedEntries([
      incident({ incidentId: 'a', updatedAt: 1_000 }),
      incident({ incidentId: 'b', updatedAt: 5_000, lastEventType: 'dispatched' }),
    ]);
    expect(seeded.map((e) => [e.incidentId, e.type])).toEqual([
      ['b', 'dispatched'],
      ['a', 'reported'],
    ]);
  });

  it('puts new entries in front, drops a change seen twice, and keeps at most the limit', () => {
    const first = entriesFromChange(undefined, incident({ incidentId: 'a', updatedAt: 1_000 }));
    const second = entriesFromChange(undefined, incident({ incidentId: 'b', updatedAt: 2_000 }));
    const merged = addEntries(addEntries([], first), [...second, ...first]);
    expect(merged.map((e) => e.incidentId)).toEqual(['b', 'a']);
    expect(addEntries(merged, entriesFromChange(undefined, incident({ incidentId: 'c' })), 2)).toHaveLength(
      2,
    );
  });
});

describe('tickerOrder', () => {
  it('keeps a new critical entry first for a minute, however many entries arrive after it', () => {
    const critical = {
      ...entriesFromChange(undefined, incident({ incidentId: 'c', severity: 5 }))[0]!,
      seenAt: 0,
    };
    const later = entriesFromChange(undefined, incident({ incidentId: 'n', updatedAt: 9_000 }));
    const entries = addEntries([critical], later);
    expect(entries[0]?.incidentId).toBe('n');
    expect(tickerOrder(entries, 30_000)[0]?.incidentId).toBe('c');
    expect(tickerOrder(entries, CRITICAL_PIN_MS + 1)[0]?.incidentId).toBe('n');
  });

  it('words a hand-over offered, accepted and declined as the departments did them', () => {
    const offered = incident({
      updatedAt: 2_000,
      eventCount: 2,
      pendingHandover: { from: 'fire', to: 'public-works', at: 2_000 },
    });
    expect(texts(entriesFromChange(incident({ updatedAt: 1_000, eventCount: 1 }), offered))).toEqual([
      'Hand-over offered to Public Works by Fire',
    ]);
    const accepted = incident({
      updatedAt: 3_000,
      eventCount: 3,
      department: 'public-works',
      awaitingAck: false,
    });
    expect(texts(entriesFromChange(offered, accepted))).toEqual(['Hand-over accepted by Public Works']);
    const declined = incident({ updatedAt: 3_000, eventCount: 3 });
    expect(texts(entriesFromChange(offered, declined))).toEqual(['Hand-over declined by Public Works']);
  });
});
