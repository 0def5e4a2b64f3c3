import type { IncidentEvent } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { describeEvent } from './timeline.js';

const names = new Map([
  ['fire', 'Fire'],
  ['public-works', 'Public Works'],
]);
const nameOf = (id: string) => names.get(id) ?? id;
const event = (over: Partial<IncidentEvent>): IncidentEvent =>
  ({ eventId: 'e', incidentId: 'i', type: 'comment', ts: 0, department: 'fire', ...over }) as IncidentEvent;

describe('describeEvent', () => {
  it('names the user and the department, never the department id', () => {
    expect(describeEvent(event({ type: 'acknowledged', actor: 'j.doe' }), nameOf)).toBe(
      'Acknowledged by j.doe (Fire)',
    );
    expect(describeEvent(event({ type: 'acknowledged' }), nameOf)).toBe('Acknowledged by Fire');
  });

  it('names the department a hand-over goes to and the one asked for help', () => {
    expect(
      describeEvent(
        event({ type: 'handover_offered', actor: 'j.doe', toDepartment: 'public-works' }),
        nameOf,
      ),
    ).toBe('Hand-over offered by j.doe (Fire) · to Public Works');
    expect(describeEvent(event({ type: 'assist_requested', toDepartment: 'public-works' }), nameOf)).toBe(
      'Assistance requested by Fire · from Public Works',
    );
    expect(
      describeEvent(event({ type: 'handover_accepted', actor: 'p.lee', department: 'public-works' }), nameOf),
    ).toBe('Hand-over accepted by p.lee (Public Works)');
  });

  it('keeps an unknown department readable as its id', () => {
    expect(describeEvent(event({ type: 'dispatched', department: 'harbour', unit: 'B1' }), nameOf)).toBe(
      'Dispatched by harbour · unit B1',
    );
  });
});
