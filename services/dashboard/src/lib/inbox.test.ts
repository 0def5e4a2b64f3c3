import { describe, expect, it } from 'vitest';
import { incident } from '../test-fixtures.js';
import { deriveInbox } from './inbox.js';

describe('deriveInbox', () => {
  const unit = (department: string) => ({
    unit: 'U1',
    department,
    dispatchedAt: 1,
    onSceneAt: null,
    status: 'dispatched' as const,
    statusAt: 1,
  });
  const list = [
    incident({ incidentId: 'asked', assisting: ['public-works'], updatedAt: 30 }),
    incident({ incidentId: 'answered', assisting: ['public-works'], units: [unit('public-works')] }),
    incident({ incidentId: 'other-help', assisting: ['ems'] }),
    incident({
      incidentId: 'offered',
      pendingHandover: { from: 'fire', to: 'public-works', at: 50 },
      updatedAt: 50,
    }),
    incident({ incidentId: 'offered-elsewhere', pendingHandover: { from: 'fire', to: 'police', at: 5 } }),
    incident({ incidentId: 'closed-ask', status: 'closed', assisting: ['public-works'] }),
    incident({ incidentId: 'asked-early', assisting: ['public-works'], updatedAt: 10 }),
    incident({ incidentId: 'own', department: 'public-works' }),
  ];

  it('lists hand-overs offered to the department, then requests for help it has not answered, oldest first', () => {
    const inbox = deriveInbox(list, 'public-works');
    expect(inbox.items.map((i) => `${i.kind}:${i.incident.incidentId}`)).toEqual([
      'handover:offered',
      'assistance:asked-early',
      'assistance:asked',
    ]);
    expect(inbox.handovers).toBe(1);
    expect(inbox.assistance).toBe(2);
  });

  it('is empty without a department (read-only roles, command before choosing)', () => {
    expect(deriveInbox(list, null).items).toEqual([]);
  });

  it('empties as the department answers: a unit sent, or the hand-over accepted', () => {
    const answered = list.map((i) =>
      i.incidentId === 'asked' || i.incidentId === 'asked-early'
        ? { ...i, units: [unit('public-works')] }
        : i.incidentId === 'offered'
          ? { ...i, pendingHandover: null, department: 'public-works' }
          : i,
    );
    expect(deriveInbox(answered, 'public-works').items).toEqual([]);
  });
});
