import { describe, expect, it } from 'vitest';
import { alertIssuer } from './alert-access.js';

const incident = { department: 'fire' };

describe('alertIssuer', () => {
  it('lets the owning lead, command and admin issue, in the owning department’s name', () => {
    expect(alertIssuer({ role: 'lead', department: 'fire' }, incident)).toEqual({
      ok: true,
      department: 'fire',
    });
    expect(alertIssuer({ role: 'command', department: null }, incident)).toEqual({
      ok: true,
      department: 'fire',
    });
    expect(alertIssuer({ role: 'admin', department: null }, incident)).toEqual({
      ok: true,
      department: 'fire',
    });
  });

  it('refuses another department’s lead, analysts and kiosks with 403', () => {
    expect(alertIssuer({ role: 'lead', department: 'police' }, incident)).toMatchObject({
      ok: false,
      status: 403,
      message: expect.stringMatching(/^only a lead of fire, the owning department/),
    });
    expect(alertIssuer({ role: 'analyst', department: null }, incident)).toMatchObject({
      ok: false,
      message: 'an analyst may not issue public alerts',
    });
    expect(alertIssuer({ role: 'kiosk', department: null }, incident)).toMatchObject({
      ok: false,
      status: 403,
    });
  });
});
