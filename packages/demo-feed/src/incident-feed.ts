/**
 * The incident side of the simulator, without IO: new incidents arrive as a Poisson process, each gets its
 * planned script, and `tick(now)` hands back the messages whose time has come.
 */

import { castOf, departmentFor } from './city-departments.js';
import type { SimCity } from './city-points.js';
import type { FireCall } from './fire-calls.js';
import { INCIDENT_TEMPLATES, type IncidentTemplate, templatesForCity } from './incident-catalog.js';
import {
  type IncidentScript,
  planFromFireCall,
  planFromTemplate,
  type ScriptEvent,
} from './incident-scripts.js';
import { incidentMessage, type OutMessage } from './messages.js';
import { createRng, exponential, hashSeed, pick, pickWeighted, type Rng } from './prng.js';

export interface IncidentFeedOptions {
  city: SimCity;
  topicRoot: string;
  seed: number;
  /** Wall-clock start; part of every incidentId so ids never repeat across restarts. */
  startedAt: number;
  incidentsPerMinute: number;
  timeScale: number;
  /** The first simulated minutes of an incident that run in real time (incident-scripts.ts). */
  realTimeMin?: number;
  /** Real calls for fire and EMS incidents; synthetic templates are used when empty. */
  fireCalls?: readonly FireCall[];
  templates?: readonly IncidentTemplate[];
}

/** A real call with its departments re-cast to the city's; null when the city has no one to answer it. */
function recast(call: FireCall, departmentOf: (role: string) => string | null): FireCall | null {
  const owner = departmentOf(call.department);
  if (!owner) return null;
  const units = call.units.flatMap((u) => {
    const department = departmentOf(u.department);
    return department ? [{ ...u, department }] : [];
  });
  return units.length > 0 ? { ...call, department: owner, units } : null;
}

interface Running {
  script: IncidentScript;
  /** Index of the next event to release. */
  next: number;
  open: boolean;
}

/** Backfilled events go out as arrays, so a busy start is a few dozen messages rather than a thousand. */
const BACKFILL_CHUNK = 50;

export class IncidentFeed {
  private readonly rng: Rng;
  private readonly running: Running[] = [];
  private readonly callsByDept: Map<string, FireCall[]>;
  private readonly templates: { weight: number; value: IncidentTemplate }[];
  private readonly idBase: string;
  private counter = 0;
  private nextArrival: number;

  private readonly opts: IncidentFeedOptions;

  constructor(opts: IncidentFeedOptions) {
    this.opts = { ...opts };
    this.rng = createRng(hashSeed(opts.seed, 'incidents', opts.startedAt));
    this.idBase = `${opts.startedAt.toString(36)}${Math.floor(this.rng() * 1296)
      .toString(36)
      .padStart(2, '0')}`;
    const cast = castOf(opts.city.departments);
    const templates = opts.templates ?? templatesForCity(INCIDENT_TEMPLATES, cast);
    if (templates.length === 0) throw new Error('the demo feed has no incident template for this city');
    this.templates = templates.map((t) => ({ weight: t.weight, value: t }));
    this.callsByDept = new Map();
    for (const raw of opts.fireCalls ?? []) {
      // NOTE: a call geocoded outside every district would be dropped by the map's district filter; skip it.
      if (!opts.city.districtIndex.locate(raw.lon, raw.lat)) continue;
      const call = recast(raw, (role) => departmentFor(cast, role));
      if (!call) continue;
      const list = this.callsByDept.get(call.department) ?? [];
      list.push(call);
      this.callsByDept.set(call.department, list);
    }
    this.nextArrival = opts.startedAt;
  }

  /** Creates one incident reported at `reportedAt` (also used by tests). */
  plan(reportedAt: number): IncidentScript {
    const template = pickWeighted(this.rng, this.templates);
    this.counter += 1;
    const incidentId = `${template.department}-${this.idBase}-${this.counter}`;
    const ctx = {
      incidentId,
      rng: this.rng,
      reportedAt,
      timeScale: this.opts.timeScale,
      ...(this.opts.realTimeMin === undefined ? {} : { realTimeMin: this.opts.realTimeMin }),
      city: this.opts.city,
    };
    const calls = this.callsByDept.get(template.department);
    return calls && calls.length > 0
      ? planFromFireCall(ctx, pick(this.rng, calls))
      : planFromTemplate(ctx, template);
  }

  private gap(): number {
    return exponential(this.rng, this.opts.incidentsPerMinute / 60_000);
  }

  /**
   * Pretends the simulator has been running for `windowMs`: incidents that arrived in that window are planned
   * and their past events released at once (with their past timestamps), so the map is busy from the start.
   */
  backfill(now: number, windowMs: number): OutMessage[] {
    let t = now - windowMs + this.gap();
    while (t <= now) {
      this.running.push({ script: this.plan(t), next: 0, open: false });
      t += this.gap();
    }
    this.nextArrival = t;
    return this.release(now, BACKFILL_CHUNK);
  }

  tick(now: number): OutMessage[] {
    if (this.opts.incidentsPerMinute > 0) {
      while (this.nextArrival <= now) {
        this.running.push({ script: this.plan(this.nextArrival), next: 0, open: false });
        this.nextArrival += this.gap();
      }
    }
    return this.release(now, 1);
  }

  /** Changes the arrival rate from `now` on (0 lets the running incidents finish without new ones). */
  setRate(incidentsPerMinute: number, now: number): void {
    this.opts.incidentsPerMinute = incidentsPerMinute;
    this.nextArrival = incidentsPerMinute > 0 ? now + this.gap() : Infinity;
  }

  /** Incidents reported and not yet resolved: what the wall screen shows as open. */
  openIncidents(): number {
    return this.running.filter((r) => r.open).length;
  }

  private release(now: number, chunk: number): OutMessage[] {
    const due = new Map<string, ScriptEvent[]>();
    for (const r of this.running) {
      const events = r.script.events;
      while (r.next < events.length && (events[r.next] as ScriptEvent).at <= now) {
        const e = events[r.next] as ScriptEvent;
        if (e.event.type === 'reported') r.open = true;
        if (e.event.type === 'resolved' || e.event.type === 'closed') r.open = false;
        const list = due.get(e.department) ?? [];
        list.push(e);
        due.set(e.department, list);
        r.next += 1;
      }
    }
    // Finished scripts are dropped so memory stays flat however long the simulator runs.
    for (let i = this.running.length - 1; i >= 0; i--) {
      const r = this.running[i] as Running;
      if (r.next >= r.script.events.length) this.running.splice(i, 1);
    }
    const out: OutMessage[] = [];
    for (const [department, events] of due) {
      events.sort((a, b) => a.at - b.at);
      for (let i = 0; i < events.length; i += chunk) {
        out.push(
          incidentMessage(
            this.opts.topicRoot,
            department,
            events.slice(i, i + chunk).map((e) => e.event),
          ),
        );
      }
    }
    return out;
  }
}
