import { describe, expect, it } from 'vitest';
import { eventText } from './event-text.js';

const NAMES: Record<string, string> = { fire: 'Fire', 'public-works': 'Public Works', police: 'Police' };
const nameOf = (id: string) => NAMES[id] ?? id;

describe('eventText', () => {
  it('names the user and the department’s name, never its id', () => {
    expect(eventText({ type: 'acknowledged', department: 'fire', actor: 'j.doe' }, nameOf)).toBe(
      'Acknowledged by j.doe (Fire)',
    );
    expect(eventText({ type: 'resolved', department: 'public-works' }, nameOf)).toBe(
      'Resolved by Public Works',
    );
  });

  it('says which unit, which department is asked or handed to, and the new severity', () => {
    expect(eventText({ type: 'dispatched', department: 'fire', unit: 'E12' }, nameOf)).toBe(
      'Dispatched unit E12 by Fire',
    );
    expect(
      eventText({ type: 'assist_requested', department: 'police', toDepartment: 'public-works' }, nameOf),
    ).toBe('Assistance requested of Public Works by Police');
    expect(eventText({ type: 'handed_off', department: 'police', toDepartment: 'fire' }, nameOf)).toBe(
      'Handed over to Fire by Police',
    );
    expect(
      eventText({ type: 'unit_status', department: 'fire', unit: 'M7', unitStatus: 'at_hospital' }, nameOf),
    ).toBe('Unit M7 at hospital (Fire)');
    expect(eventText({ type: 'escalated', department: 'fire', severity: 5 }, nameOf)).toBe(
      'Escalated to severity 5 by Fire',
    );
  });

  it('keeps an unknown department’s id and words a type it does not know', () => {
    expect(eventText({ type: 'site_visit', department: 'parks' }, nameOf)).toBe('site visit by parks');
  });

  it('words a rule’s and the public’s actions as such, never as the raw reserved actor', () => {
    expect(eventText({ type: 'reported', department: 'water', actor: 'rule:flood-watch' }, nameOf)).toBe(
      'Reported by rule flood-watch (water)',
    );
    expect(
      eventText(
        { type: 'assist_requested', department: 'water', actor: 'rule:main-break', toDepartment: 'police' },
        nameOf,
      ),
    ).toBe('Assistance requested of Police by rule main-break (water)');
    expect(
      eventText({ type: 'escalated', department: 'fire', actor: 'rule:slow-ack', severity: 5 }, nameOf),
    ).toBe('Escalated to severity 5 by rule slow-ack (Fire)');
    expect(eventText({ type: 'reported', department: 'public-works', actor: 'public:open311' }, nameOf)).toBe(
      'Reported by a member of the public',
    );
    expect(
      eventText({ type: 'comment', department: 'public-works', actor: 'public:status-page' }, nameOf),
    ).toBe('Comment by a member of the public');
    // Only the prefixes are reserved: an actor merely containing the words is a person's name.
    expect(eventText({ type: 'comment', department: 'fire', actor: 'ruler:x' }, nameOf)).toBe(
      'Comment by ruler:x (Fire)',
    );
  });
});
