import { describe, expect, it } from 'vitest';
import { formatAgo, mayOpenView, roleAndDepartment, toMillis, validateUserForm } from './access.js';

describe('roleAndDepartment', () => {
  it("names the lead's department, and only the role otherwise", () => {
    const nameOf = (id: string) => ({ fire: 'Fire' })[id] ?? id;
    expect(roleAndDepartment({ role: 'lead', department: 'fire' }, nameOf)).toBe('Department lead · Fire');
    expect(roleAndDepartment({ role: 'lead', department: 'water' }, nameOf)).toBe('Department lead · water');
    expect(roleAndDepartment({ role: 'command', department: null }, nameOf)).toBe('Command');
  });
});

describe('mayOpenView', () => {
  it('offers users & access to admins only, and a kiosk the wall only', () => {
    expect(mayOpenView('admin', { role: 'admin' })).toBe(true);
    for (const role of ['command', 'lead', 'analyst', 'kiosk'] as const) {
      expect(mayOpenView('admin', { role })).toBe(false);
    }
    expect(mayOpenView('wall', { role: 'kiosk' })).toBe(true);
    expect(mayOpenView('incidents', { role: 'kiosk' })).toBe(false);
    expect(mayOpenView('incidents', { role: 'analyst' })).toBe(true);
    expect(mayOpenView('replay', { role: 'analyst' })).toBe(true);
    // Every signed-in role reads the rules (only an admin changes them); a wall screen does not.
    for (const role of ['admin', 'command', 'lead', 'analyst'] as const) {
      expect(mayOpenView('rules', { role })).toBe(true);
    }
    expect(mayOpenView('rules', { role: 'kiosk' })).toBe(false);
  });
});

describe('formatAgo / toMillis', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  it('reads epoch milliseconds and ISO strings', () => {
    expect(toMillis(now)).toBe(now);
    expect(toMillis('2026-12-01T12:00:00Z')).toBe(now);
    expect(toMillis('not a date')).toBeNull();
    expect(toMillis(null)).toBeNull();
  });

  it('says never, just now, minutes, hours, days', () => {
    expect(formatAgo(null, now)).toBe('never');
    expect(formatAgo(now - 5_000, now)).toBe('just now');
    expect(formatAgo(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatAgo('2026-12-01T09:00:00Z', now)).toBe('3 h ago');
    expect(formatAgo(now - 12 * 86_400_000, now)).toBe('12 d ago');
  });
});

describe('validateUserForm', () => {
  const values = {
    username: ' j.doe ',
    displayName: '',
    role: 'lead' as const,
    department: 'fire',
    password: 'pw',
  };

  it('trims, defaults the display name and keeps the department for a lead', () => {
    expect(validateUserForm(values, { requirePassword: true })).toEqual({
      user: { username: 'j.doe', displayName: 'j.doe', role: 'lead', department: 'fire', password: 'pw' },
    });
  });

  it('drops the department for every role but lead', () => {
    const result = validateUserForm({ ...values, role: 'command' }, { requirePassword: true });
    expect(result).toHaveProperty('user.department', null);
  });

  it('says in plain words what is missing', () => {
    expect(validateUserForm({ ...values, username: ' ' }, { requirePassword: true })).toEqual({
      error: 'User name: enter one (e.g. j.doe).',
    });
    expect(validateUserForm({ ...values, username: 'j doe' }, { requirePassword: true })).toEqual({
      error: 'User name: no spaces.',
    });
    expect(validateUserForm({ ...values, department: '' }, { requirePassword: true })).toEqual({
      error: 'Department: a lead needs a department.',
    });
    expect(validateUserForm({ ...values, password: '' }, { requirePassword: true })).toEqual({
      error: 'Password: enter a first password.',
    });
    expect(validateUserForm({ ...values, password: '' }, { requirePassword: false })).toHaveProperty('user');
  });
});
