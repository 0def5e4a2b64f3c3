import { describe, expect, it } from 'vitest';
import type { IncidentEvent } from '../schemas.js';
import { type ReportFacts, reportHistory } from './status-history.js';

const t0 = Date.parse('2026-03-01T12:00:00Z');
const names: Record<string, string> = { 'public-works': 'Public Works', water: 'Water' };
const name = (id: string) => names[id] ?? id;

function event(
  type: IncidentEvent['type'],
  minutes: number,
  patch: Partial<IncidentEvent> = {},
): IncidentEvent {
  return {
    eventId: `e${minutes}`,
    incidentId: 'i',
    type,
    ts: t0 + minutes * 60_000,
    department: 'public-works',
    ...patch,
  };
}

const report: ReportFacts = {
  requestedAt: t0,
  merged: false,
  state: 'attached',
  reason: null,
  stateChangedAt: null,
};

describe('reportHistory', () => {
  it('says the lifecycle in plain words, without units, staff or comments', () => {
    const steps = reportHistory(
      report,
      [
        event('reported', 0, { actor: 'public:open311', title: 'Pothole' }),
        event('acknowledged', 5, { actor: 'j.doe' }),
        event('comment', 6, { note: 'staff only: call Bob' }),
        event('dispatched', 7, { unit: 'DPW-12' }),
        event('dispatched', 8, { unit: 'DPW-14' }),
        event('on_scene', 20, { unit: 'DPW-12' }),
        event('resolved', 40, { note: 'Filled the pothole' }),
      ],
      name,
    );
    expect(steps.map((s) => s.text)).toEqual([
      'Received',
      'Being handled by Public Works',
      'A crew is on the way',
      'A crew is on site',
      'Resolved: Filled the pothole',
    ]);
    expect(JSON.stringify(steps)).not.toMatch(/DPW-|j\.doe|Bob/);
  });

  it('says a merged report joined an earlier one, and dates earlier steps at its arrival', () => {
    const steps = reportHistory(
      { ...report, requestedAt: t0 + 10 * 60_000, merged: true },
      [event('reported', 0), event('acknowledged', 5), event('resolved', 30)],
      name,
    );
    expect(steps).toEqual([
      { at: t0 + 10 * 60_000, text: 'Received' },
      { at: t0 + 10 * 60_000, text: 'Merged with an earlier report of the same problem nearby' },
      { at: t0 + 10 * 60_000, text: 'Being handled by Public Works' },
      { at: t0 + 30 * 60_000, text: 'Resolved' },
    ]);
  });

  it('ends a rejected report with the reason; what the incident did afterwards is not said', () => {
    const steps = reportHistory(
      { ...report, state: 'rejected', reason: 'Not a public matter', stateChangedAt: t0 + 5 * 60_000 },
      [event('reported', 0), event('closed', 5.5, { note: 'Not a public matter' })],
      name,
    );
    expect(steps.map((s) => s.text)).toEqual(['Received', 'Rejected: Not a public matter']);
  });

  it('names the department a report is handed to', () => {
    const steps = reportHistory(report, [event('handed_off', 3, { toDepartment: 'water' })], name);
    expect(steps.map((s) => s.text)).toEqual(['Received', 'Now handled by Water']);
  });
});
