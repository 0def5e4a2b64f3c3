/**
 * Departments belong to the city: the pack's are listed, a department the pack does not list is kept as an
 * unlisted one (stored, listed by /api/v1/departments, acted on like any other), and with
 * UNLISTED_DEPARTMENTS=reject its messages are dead-lettered with the reason and counted.
 */
import { loadCityPack } from '@twin/city/node';
import { type Department, topics, unlistedDepartmentColor } from '@twin/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDepartments, syncPackDepartments } from '../src/db/departments.js';
import { migrate } from '../src/db/migrations.js';
import {
  connectPublisher,
  describeEachTarget,
  eventually,
  getJson,
  postJson,
  publish,
  startStack,
  type TestStack,
} from './harness.js';

const SF_DEPARTMENTS = ['fire', 'ems', 'police', 'public-works', 'transport', 'environment', 'water'];

interface IncidentList {
  incidents: { incidentId: string; department: string; assisting: string[] }[];
  total: number;
}
interface Detail {
  incident: { status: string; department: string; awaitingAck: boolean };
  timeline: { type: string; department: string }[];
}

const report = (incidentId: string, ts: number) => ({
  eventId: `${incidentId}-r`,
  incidentId,
  type: 'reported',
  ts,
  category: 'fallen_tree',
  severity: 2,
  lat: 37.7599,
  lon: -122.4148,
  title: 'Tree down across the path',
});

const meta = (department: string) => ({
  name: 'Soil moisture, Dolores Park',
  kind: 'soil',
  department,
  lat: 37.7596,
  lon: -122.4269,
  units: { moisture_pct: '%' },
});

describeEachTarget('departments of the city', (target) => {
  describe('UNLISTED_DEPARTMENTS=accept (default)', () => {
    let stack: TestStack;
    let base: string;
    const now = Date.now();

    beforeAll(async () => {
      stack = await startStack(target);
      base = stack.runtime.url;
    }, 120_000);

    afterAll(async () => {
      await stack?.destroy();
    });

    it('lists the pack’s departments, in pack order, before anything arrives', async () => {
      const { status, body } = await getJson<Department[]>(base, '/api/v1/departments');
      expect(status).toBe(200);
      expect(body.map((d) => d.id)).toEqual(SF_DEPARTMENTS);
      expect(body[1]).toEqual({
        id: 'ems',
        name: 'Emergency Medical',
        shortName: 'EMS',
        icon: 'ambulance',
        color: [241, 170, 7],
        listed: true,
      });
    });

    it('keeps events and sensors of unlisted departments, registers them, and lets them act', async () => {
      const pub = await connectPublisher(stack);
      await publish(pub, topics.incidentEvents(stack.topicRoot, 'parks'), report('parks-1', now - 60_000));
      await publish(pub, topics.sensorMeta(stack.topicRoot, 'soil-1'), meta('harbor'), true);
      // The same department again: already known, nothing to register twice.
      await publish(pub, topics.incidentEvents(stack.topicRoot, 'parks'), report('parks-2', now - 50_000));
      await pub.endAsync();

      const incidents = await eventually(async () => {
        const list = (await getJson<IncidentList>(base, '/api/v1/incidents?department=parks')).body;
        return list.total === 2 && list;
      });
      expect(incidents.incidents.map((i) => i.incidentId).sort()).toEqual(['parks-1', 'parks-2']);
      const sensors = await eventually(async () => {
        const list = (await getJson<{ sensorId: string; department: string }[]>(base, '/api/v1/sensors'))
          .body;
        return list.length > 0 && list;
      });
      expect(sensors).toEqual([expect.objectContaining({ sensorId: 'soil-1', department: 'harbor' })]);

      const departments = (await getJson<Department[]>(base, '/api/v1/departments')).body;
      expect(departments.map((d) => d.id)).toEqual([...SF_DEPARTMENTS, 'harbor', 'parks']);
      expect(departments.slice(-2)).toEqual(
        ['harbor', 'parks'].map((id) => ({
          id,
          name: id,
          shortName: id,
          icon: 'building',
          color: unlistedDepartmentColor(id),
          listed: false,
        })),
      );

      // Acting: an unlisted department acknowledges its own incident and hands it to another unlisted one.
      const act = (body: Record<string, unknown>) =>
        postJson<Detail & { message?: string }>(base, '/api/v1/incidents/parks-1/actions', body);
      const acked = await act({ type: 'acknowledged', department: 'parks' });
      expect(acked.status).toBe(200);
      expect(acked.body.incident.status).toBe('acknowledged');
      const offered = await act({ type: 'handover_offered', department: 'parks', toDepartment: 'harbor' });
      expect(offered.status).toBe(200);
      const handed = await act({ type: 'handover_accepted', department: 'harbor' });
      expect(handed.status).toBe(200);
      expect(handed.body.incident.department).toBe('harbor');
      expect(handed.body.timeline.map((e) => `${e.type}:${e.department}`)).toEqual([
        'reported:parks',
        'acknowledged:parks',
        'handover_offered:parks',
        'handover_accepted:harbor',
      ]);
      // A department neither the pack lists nor any feed has named is still refused.
      const unknown = await act({ type: 'assist_requested', department: 'parks', toDepartment: 'aliens' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toMatch(/unknown department "aliens"/);
    });

    it('registers the departments of data stored before the registry (migration 7); a dropped one becomes unlisted', async () => {
      const pool = stack.runtime.pool;
      // As on a database that had data before migration 7: the registry is made again from the data.
      // (cascade: users' departments refer to the registry since migration 11; there were no users then.)
      await pool.query('drop table departments cascade');
      await pool.query('delete from schema_migrations where version = 7');
      expect((await migrate(pool)).applied).toEqual([7]);
      const pack = (await loadCityPack(stack.config.cityDir)).manifest.departments;
      await syncPackDepartments(pool, pack);
      const rebuilt = await listDepartments(pool);
      expect(rebuilt.map((d) => `${d.id}:${d.listed}`)).toEqual([
        ...SF_DEPARTMENTS.map((id) => `${id}:true`),
        'harbor:false',
        'parks:false',
      ]);
      // The backfilled ones get their derived colour at the start that follows the migration.
      expect(rebuilt.find((d) => d.id === 'parks')).toMatchObject({
        name: 'parks',
        color: unlistedDepartmentColor('parks'),
      });

      // The pack no longer lists "water": it stays, unlisted, with its name but out of the pack's colours.
      await syncPackDepartments(
        pool,
        pack.filter((d) => d.id !== 'water'),
      );
      const dropped = await listDepartments(pool);
      expect(dropped.map((d) => `${d.id}:${d.listed}`)).toEqual([
        ...SF_DEPARTMENTS.filter((id) => id !== 'water').map((id) => `${id}:true`),
        'harbor:false',
        'parks:false',
        'water:false',
      ]);
      expect(dropped.find((d) => d.id === 'water')).toMatchObject({
        name: 'Water',
        icon: 'droplet',
        color: unlistedDepartmentColor('water'),
      });
    });

    it('keeps unlisted departments, and their place after the pack’s, across a restart', async () => {
      await stack.stop();
      const second = await startStack(target, {
        dataDir: stack.dataDir,
        ...(stack.config.databaseUrl ? { databaseUrl: stack.config.databaseUrl } : {}),
        topicRoot: stack.topicRoot,
      });
      try {
        const departments = (await getJson<Department[]>(second.runtime.url, '/api/v1/departments')).body;
        expect(departments.map((d) => `${d.id}:${d.listed}`)).toEqual([
          ...SF_DEPARTMENTS.map((id) => `${id}:true`),
          'harbor:false',
          'parks:false',
        ]);
      } finally {
        await second.destroy();
      }
    }, 120_000);
  });

  describe('UNLISTED_DEPARTMENTS=reject', () => {
    let stack: TestStack;
    let base: string;

    beforeAll(async () => {
      stack = await startStack(target, { env: { UNLISTED_DEPARTMENTS: 'reject' } });
      base = stack.runtime.url;
    }, 120_000);

    afterAll(async () => {
      await stack?.destroy();
    });

    it('dead-letters messages of unlisted departments with the reason, counts and acknowledges them', async () => {
      const pub = await connectPublisher(stack);
      // publishAsync settles on the PUBACK: a refused message is acknowledged like any dead letter.
      await publish(pub, topics.incidentEvents(stack.topicRoot, 'parks'), report('parks-9', Date.now()));
      await publish(pub, topics.sensorMeta(stack.topicRoot, 'soil-9'), meta('harbor'));
      // A listed department still gets through.
      await publish(pub, topics.incidentEvents(stack.topicRoot, 'fire'), report('fire-9', Date.now()));
      await pub.endAsync();

      const letters = await eventually(async () => {
        const { body } = await getJson<{ items: { topic: string; reason: string }[] }>(
          base,
          '/api/v1/dead-letters',
        );
        return body.items.length >= 2 && body.items;
      });
      expect(letters.map((l) => l.reason).sort()).toEqual([
        'department "harbor" is not listed by the city pack (UNLISTED_DEPARTMENTS=reject)',
        'department "parks" is not listed by the city pack (UNLISTED_DEPARTMENTS=reject)',
      ]);
      await eventually(
        async () => (await getJson<IncidentList>(base, '/api/v1/incidents?status=all')).body.total === 1,
      );
      const all = (await getJson<IncidentList>(base, '/api/v1/incidents?status=all')).body;
      expect(all.incidents.map((i) => i.incidentId)).toEqual(['fire-9']);
      expect((await getJson<unknown[]>(base, '/api/v1/sensors')).body).toEqual([]);
      const departments = (await getJson<Department[]>(base, '/api/v1/departments')).body;
      expect(departments.map((d) => d.id)).toEqual(SF_DEPARTMENTS);

      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(/^twin_messages_rejected_total 2$/m);
      expect(metrics).toMatch(/^twin_dead_letters_stored_total 2$/m);
      expect(metrics).toMatch(/^twin_messages_stored_total 1$/m);
    });
  });
});
