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
});
