import { describe, expect, it } from 'vitest';
import { availableActions, buildActionBody } from './incident-actions.js';

describe('availableActions', () => {
  it('offers the full workflow while open and only reopen/comment once closed', () => {
    expect(availableActions('reported').map((a) => a.type)).toContain('handover_offered');
    expect(availableActions('reported').map((a) => a.type)).not.toContain('reopened');
    expect(availableActions('closed').map((a) => a.type)).toEqual(['reopened', 'comment']);
    expect(availableActions('resolved').map((a) => a.type)).toEqual(['closed', 'reopened', 'comment']);
  });
});

describe('buildActionBody', () => {
  it('requires an acting department', () => {
    expect(buildActionBody('acknowledged', null, {}, 3)).toEqual({
      error: 'Choose the department you act for.',
    });
  });

  it('builds a dispatch with a trimmed unit and note', () => {
    expect(buildActionBody('dispatched', 'fire', { unit: ' E12 ', note: ' go ' }, 3)).toEqual({
      body: { type: 'dispatched', department: 'fire', unit: 'E12', note: 'go' },
    });
    expect(buildActionBody('dispatched', 'fire', { unit: '  ' }, 3)).toEqual({
      error: 'Enter the unit to dispatch.',
    });
  });

  it('needs a target department for assistance and hand-over', () => {
    expect(buildActionBody('handover_offered', 'fire', {}, 3)).toEqual({ error: 'Choose a department.' });
    expect(buildActionBody('assist_requested', 'fire', { toDepartment: 'fire' }, 3)).toHaveProperty('error');
    expect(buildActionBody('assist_requested', 'fire', { toDepartment: 'ems' }, 3)).toEqual({
      body: { type: 'assist_requested', department: 'fire', toDepartment: 'ems' },
    });
  });

  it('escalates one level by default, capped at 5', () => {
    expect(buildActionBody('escalated', 'fire', {}, 3)).toEqual({
      body: { type: 'escalated', department: 'fire', severity: 4 },
    });
    expect(buildActionBody('escalated', 'fire', {}, 5)).toMatchObject({ body: { severity: 5 } });
  });

  it('refuses an empty comment', () => {
    expect(buildActionBody('comment', 'fire', { note: ' ' }, 3)).toEqual({ error: 'Write a comment.' });
  });
});
