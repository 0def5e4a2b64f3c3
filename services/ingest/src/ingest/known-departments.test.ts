import type { IngestRecord } from '@twin/domain';
import { describe, expect, it } from 'vitest';
import { applyUnlistedPolicy, KnownDepartments } from './known-departments.js';

const event = (department: string, eventId: string, toDepartment?: string): IngestRecord => ({
  kind: 'incident-event',
  event: {
    eventId,
    incidentId: 'i-1',
    type: toDepartment ? 'assist_requested' : 'reported',
    ts: 1,
    department,
    ...(toDepartment ? { toDepartment } : {}),
  },
});
const meta = (department: string): IngestRecord => ({
  kind: 'sensor-meta',
  sensorId: 's-1',
  ts: 1,
  meta: { name: 'n', kind: 'k', department, lat: 1, lon: 2 },
});
const reading: IngestRecord = { kind: 'reading', sensorId: 's-1', ts: 1, values: { a: 1 } };

describe('KnownDepartments', () => {
  it('knows the pack and the registry, and asks only about the rest, each once', () => {
    const known = new KnownDepartments(['fire', 'ems'], ['parks']);
    expect(known.isListed('fire')).toBe(true);
    expect(known.isListed('parks')).toBe(false);
    expect(known.unseen(['fire', 'parks', 'dot', 'dot', 'sanitation'])).toEqual(['dot', 'sanitation']);
    known.remember(['dot']);
    expect(known.unseen(['dot', 'sanitation'])).toEqual(['sanitation']);
    expect(known.isListed('dot')).toBe(false);
  });
});

describe('applyUnlistedPolicy', () => {
  const isListed = (id: string) => id === 'fire' || id === 'ems';

  it('accept: passes everything unchanged', () => {
    const records = [event('parks', 'e1'), meta('parks')];
    expect(applyUnlistedPolicy('accept', records, isListed)).toEqual({ records, errors: [] });
  });

  it('reject: drops what names an unlisted department, with one plain reason per department', () => {
    const result = applyUnlistedPolicy(
      'reject',
      [
        event('parks', 'e1'),
        event('parks', 'e2'),
        event('fire', 'e3', 'dot'),
        event('fire', 'e4', 'ems'),
        reading,
      ],
      isListed,
    );
    expect(result.records).toEqual([event('fire', 'e4', 'ems'), reading]);
    expect(result.errors).toEqual([
      'department "parks" is not listed by the city pack (UNLISTED_DEPARTMENTS=reject)',
      'toDepartment "dot" is not listed by the city pack (UNLISTED_DEPARTMENTS=reject)',
    ]);
  });

  it('reject: a sensor registration of an unlisted department is refused too', () => {
    expect(applyUnlistedPolicy('reject', [meta('parks')], isListed)).toEqual({
      records: [],
      errors: ['department "parks" is not listed by the city pack (UNLISTED_DEPARTMENTS=reject)'],
    });
  });
});
