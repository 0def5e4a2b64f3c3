import { describe, expect, it } from 'vitest';
import { actingDepartment } from './access.js';
import {
  departmentProblem,
  newOwnPasswordProblem,
  passwordProblem,
  shownNameProblem,
  usernameProblem,
} from './accounts.js';

describe('actingDepartment', () => {
  it('a lead acts for its own department, named or not, and never for another', () => {
    const lead = { role: 'lead', department: 'police' } as const;
    expect(actingDepartment(lead, undefined)).toEqual({ ok: true, department: 'police' });
    expect(actingDepartment(lead, 'police')).toEqual({ ok: true, department: 'police' });
    expect(actingDepartment(lead, 'fire')).toEqual({
      ok: false,
      status: 403,
      message: 'department: a lead of "police" acts only for "police", not "fire"',
    });
    expect(actingDepartment({ role: 'lead', department: null }, 'fire')).toMatchObject({
      ok: false,
      status: 403,
    });
  });

  it('command and admin name the department; analyst and kiosk may not act', () => {
    for (const role of ['command', 'admin'] as const) {
      expect(actingDepartment({ role, department: null }, 'fire')).toEqual({ ok: true, department: 'fire' });
      expect(actingDepartment({ role, department: null }, undefined)).toMatchObject({
        ok: false,
        status: 400,
      });
    }
    for (const role of ['analyst', 'kiosk'] as const)
      expect(actingDepartment({ role, department: null }, 'fire')).toEqual({
        ok: false,
        status: 403,
        message: `${role === 'analyst' ? 'an' : 'a'} ${role} may read but not act on incidents`,
      });
  });
});

describe('account rules', () => {
  it('usernames: letters, digits and . _ -, no markup, no spaces, no control characters', () => {
    for (const ok of ['j.doe', 'J_Doe-2', 'a', '0'.repeat(64)]) expect(usernameProblem(ok)).toBeNull();
    for (const bad of ['', '.dot', 'two words', '<b>', 'tab\t', 'bell\u0007', 'é', 'x'.repeat(65)])
      expect(usernameProblem(bad)).toMatch(/^username: /);
  });

  it('shown names keep any text but control characters and blanks', () => {
    expect(shownNameProblem('displayName', '<img src=x onerror=alert(1)> Zoë 🧑‍🚒', 120)).toBeNull();
    expect(shownNameProblem('displayName', 'a\u0085b', 120)).toBe(
      'displayName: no control characters (found U+0085)',
    );
    expect(shownNameProblem('label', ' ', 120)).toBe('label: required (not blank)');
    expect(shownNameProblem('label', 'x'.repeat(121), 120)).toBe('label: at most 120 characters');
  });

  it('passwords have a minimum length; only leads have a department', () => {
    expect(passwordProblem('x'.repeat(11))).toBe('password: at least 12 characters');
    expect(passwordProblem('x'.repeat(12))).toBeNull();
    expect(passwordProblem('short', 'newPassword')).toBe('newPassword: at least 12 characters');
    expect(passwordProblem('x'.repeat(1025), 'newPassword')).toBe('newPassword: at most 1024 characters');
    expect(newOwnPasswordProblem('old password 1', 'short')).toBe('newPassword: at least 12 characters');
    expect(newOwnPasswordProblem('the same password', 'the same password')).toBe(
      'newPassword: the same as the current one; choose another',
    );
    // The hash normalises to NFC: "é" composed and decomposed is one password, so one is not "new".
    expect(newOwnPasswordProblem('caf\u00e9 long password', 'cafe\u0301 long password')).toMatch(/the same/);
    expect(newOwnPasswordProblem('old password 1', 'a new password 2')).toBeNull();
    expect(departmentProblem('lead', null)).toBe('department: required for a lead');
    expect(departmentProblem('command', 'fire')).toBe('department: only a lead has one (not a command)');
    expect(departmentProblem('admin', 'fire')).toBe('department: only a lead has one (not an admin)');
    expect(departmentProblem('lead', 'fire')).toBeNull();
  });
});
