/** What the Open311 routes read from the instance: the city's services, department names and the report rules. */
import type { Open311Service } from '@twin/city';
import type { FastifyInstance } from 'fastify';
import type { ReportDeps } from './reports.js';

export function servicesByCode(app: FastifyInstance): ReadonlyMap<string, Open311Service> {
  return new Map(app.city.manifest.open311.services.map((s) => [s.code, s]));
}

/** The department's full name from the city pack; an unlisted department by its id. */
export function departmentNamer(app: FastifyInstance): (id: string) => string {
  const names = new Map(app.city.manifest.departments.map((d) => [d.id, d.name]));
  return (id) => names.get(id) ?? id;
}

export function reportDeps(app: FastifyInstance): ReportDeps {
  return {
    pool: app.pool,
    writer: app.writer,
    timeoutMs: app.config.actionTimeoutMs,
    mergeRadiusM: app.config.open311.mergeRadiusM,
    mergeWindowMin: app.config.open311.mergeWindowMin,
  };
}
