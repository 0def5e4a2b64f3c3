/**
 * An incident's whole future, planned up front: a pure function of (template or real call, rng, report time,
 * time scale) → the list of events with the wall-clock instant each one is due and the department that
 * publishes it. The feed then only has to release events when their time comes.
 */
import { departmentFor, roleOf } from './city-departments.js';
import { randomCityPoint, type SimCity } from './city-points.js';
import type { FireCall } from './fire-calls.js';
import {
  type CrossStep,
  deskActor,
  type IncidentTemplate,
  type Range,
  unitName,
} from './incident-catalog.js';
import type { WireIncidentEvent } from './messages.js';
import { pick, type Rng, randInt, randRange } from './prng.js';

export interface ScriptEvent {
  /** Wall-clock epoch ms at which the event happens (its `ts`). */
  at: number;
  /** The publishing department: the topic segment. */
  department: string;
  event: WireIncidentEvent;
}

export interface IncidentScript {
  incidentId: string;
  reportedBy: string;
  /** The owner once every hand-off has happened. */
  finalOwner: string;
  events: ScriptEvent[];
}

type EventFields = Omit<WireIncidentEvent, 'eventId' | 'incidentId' | 'type' | 'ts'>;

/** Collects events in any order; `build` sorts them and numbers the eventIds in time order. */
class ScriptBuilder {
  private readonly pending: {
    at: number;
    department: string;
    type: WireIncidentEvent['type'];
    fields: EventFields;
  }[] = [];
  constructor(readonly incidentId: string) {}

  add(at: number, department: string, type: WireIncidentEvent['type'], fields: EventFields = {}): number {
    this.pending.push({ at: Math.round(at), department, type, fields });
    return at;
  }

  build(reportedBy: string, finalOwner: string): IncidentScript {
    // NOTE: a stable sort keeps insertion order for equal instants, which is the lifecycle order we added them in.
    const sorted = [...this.pending].sort((a, b) => a.at - b.at);
    const events = sorted.map((p, i) => ({
      at: p.at,
      department: p.department,
      event: {
        eventId: `${this.incidentId}:${i + 1}`,
        incidentId: this.incidentId,
        type: p.type,
        ts: p.at,
        ...p.fields,
      },
    }));
    return { incidentId: this.incidentId, reportedBy, finalOwner, events };
  }
}

export interface PlanContext {
  incidentId: string;
  rng: Rng;
  reportedAt: number;
  /** Simulated minutes per wall-clock minute once the response is over. */
  timeScale: number;
  /**
   * The response (acknowledge, dispatch, travel: until the last unit is on scene) runs in real time for at
   * most this many simulated minutes; default {@link DEFAULT_REAL_TIME_MIN}. So the wall's response times are
   * the real calls' and compare with real targets; the rest (work, transport, clearing up) is compressed by
   * `timeScale`, so incidents still end within minutes.
   */
  realTimeMin?: number;
  city: SimCity;
}

/** Real time for the first quarter hour: SF's fire calls had 90 % of first units on scene within 9 minutes. */
export const DEFAULT_REAL_TIME_MIN = 15;

/** Wall-clock epoch ms of the instant `min` simulated minutes after the report. */
function toWall(ctx: PlanContext, min: number): number {
  const real = ctx.realTimeMin ?? DEFAULT_REAL_TIME_MIN;
  const scaled = Math.max(0, min - real);
  return ctx.reportedAt + (Math.min(min, real) + scaled / ctx.timeScale) * 60_000;
}

/** Simulated minutes after the report of a wall-clock instant (toWall's inverse). */
function toSim(ctx: PlanContext, wall: number): number {
  const real = ctx.realTimeMin ?? DEFAULT_REAL_TIME_MIN;
  const elapsed = (wall - ctx.reportedAt) / 60_000;
  return elapsed <= real ? elapsed : real + (elapsed - real) * ctx.timeScale;
}

/** The clock once the response is over at wall-clock `responseEnd`: from then on at the time scale. */
function afterResponse(ctx: PlanContext, responseEnd: number): PlanContext {
  const real = ctx.realTimeMin ?? DEFAULT_REAL_TIME_MIN;
  return { ...ctx, realTimeMin: Math.min(real, toSim(ctx, responseEnd)) };
}

/** The wall-clock instant `min` simulated minutes after the wall-clock instant `wall`. */
const afterMin = (ctx: PlanContext, wall: number, min: number) => toWall(ctx, toSim(ctx, wall) + min);
/** The same, a random number of minutes in `range` later. */
const after = (ctx: PlanContext, wall: number, range: Range) =>
  afterMin(ctx, wall, randRange(ctx.rng, range[0], range[1]));

/**
 * Adds an assist request or a hand-off at `at`. Returns the new owner and when the other department's unit is
 * on scene, so the caller resolves the incident only after the helpers got there.
 */
function addCrossStep(
  b: ScriptBuilder,
  ctx: PlanContext,
  owner: string,
  step: CrossStep,
  at: number,
): { owner: string; doneAt: number } {
  const to = step.toDepartment;
  const unit = unitName(ctx.rng, to, ctx.city.departments);
  b.add(at, owner, step.type, {
    toDepartment: to,
    note: step.note,
    actor: deskActor(owner, ctx.city.departments),
  });
  let t = at;
  if (step.type === 'handed_off')
    t = b.add(after(ctx, t, [1, 4]), to, 'acknowledged', { actor: deskActor(to, ctx.city.departments) });
  t = b.add(after(ctx, t, [0.5, 3]), to, 'dispatched', { unit });
  t = b.add(after(ctx, t, [3, 10]), to, 'on_scene', { unit });
  return { owner: step.type === 'handed_off' ? to : owner, doneAt: t };
}

/** Picks the template's cross-department steps; at most one hand-off, and it comes last. */
function chooseCrossSteps(rng: Rng, cross: readonly CrossStep[] | undefined): CrossStep[] {
  const chosen = (cross ?? []).filter((step) => rng() < step.chance);
  const assists = chosen.filter((s) => s.type === 'assist_requested');
  const handoff = chosen.find((s) => s.type === 'handed_off');
  return handoff ? [...assists, handoff] : assists;
}

export function planFromTemplate(ctx: PlanContext, template: IncidentTemplate): IncidentScript {
  const { rng } = ctx;
  const b = new ScriptBuilder(ctx.incidentId);
  const reporter = template.department;
  const point = randomCityPoint(rng, ctx.city);
  const severity = randInt(rng, template.severity[0], template.severity[1]);
  let t = b.add(ctx.reportedAt, reporter, 'reported', {
    category: template.category,
    severity,
    lat: point.lat,
    lon: point.lon,
    title: `${pick(rng, template.titles)}, ${point.district}`.slice(0, 200),
    actor: deskActor(reporter, ctx.city.departments),
  });
  t = b.add(after(ctx, t, template.ackMin), reporter, 'acknowledged', {
    actor: deskActor(reporter, ctx.city.departments),
  });
  t = after(ctx, t, template.dispatchMin);
  const units = new Set<string>();
  const count = randInt(rng, template.units[0], template.units[1]);
  for (let i = 0; i < count * 3 && units.size < count; i++)
    units.add(unitName(rng, reporter, ctx.city.departments));
  let onScene = t;
  [...units].forEach((unit, i) => {
    const dispatchedAt = b.add(afterMin(ctx, t, i * 0.3), reporter, 'dispatched', { unit });
    onScene = Math.max(
      onScene,
      b.add(after(ctx, dispatchedAt, template.travelMin), reporter, 'on_scene', { unit }),
    );
  });
  // NOTE: real time ends when the last unit is on scene (or at realTimeMin): the work runs at the time scale.
  const rest = afterResponse(ctx, onScene);
  let cursor = onScene;
  let doneAt = onScene;
  if (severity < 5 && rng() < (template.escalateChance ?? 0)) {
    cursor = b.add(after(rest, cursor, [1, 5]), reporter, 'escalated', {
      severity: severity + 1,
      note: 'Situation worse than first reported',
      actor: deskActor(reporter, ctx.city.departments),
    });
  }
  let owner = reporter;
  for (const step of chooseCrossSteps(rng, template.cross)) {
    cursor = after(rest, cursor, [2, 8]);
    const result = addCrossStep(b, rest, owner, step, cursor);
    owner = result.owner;
    doneAt = Math.max(doneAt, result.doneAt);
    if (step.type === 'handed_off') cursor = result.doneAt;
  }
  const workDone = after(rest, cursor, template.workMin);
  if (template.comments && rng() < 0.5) {
    b.add((cursor + workDone) / 2, owner, 'comment', {
      note: pick(rng, template.comments),
      actor: deskActor(owner, ctx.city.departments),
    });
  }
  const resolvedAt = b.add(Math.max(workDone, after(rest, doneAt, [2, 6])), owner, 'resolved', {
    actor: deskActor(owner, ctx.city.departments),
  });
  b.add(after(rest, resolvedAt, template.closeMin), owner, 'closed', {
    actor: deskActor(owner, ctx.city.departments),
  });
  return b.build(reporter, owner);
}

const MAX_CALL_MIN = 120;
/** Steps of one unit are at least this far apart on the wall clock, so their order never rests on a tie. */
const STEP_GAP_MS = 1000;

/** The unit's real timeline after arrival; a step past MAX_CALL_MIN is dropped (available is capped). */
function laterSteps(
  u: FireCall['units'][number],
): { min: number; status: 'transporting' | 'at_hospital' | 'available' }[] {
  const steps: { min: number; status: 'transporting' | 'at_hospital' | 'available' }[] = [];
  if (u.transportMin !== null && u.transportMin <= MAX_CALL_MIN)
    steps.push({ min: u.transportMin, status: 'transporting' });
  if (u.hospitalMin !== null && u.hospitalMin <= MAX_CALL_MIN)
    steps.push({ min: u.hospitalMin, status: 'at_hospital' });
  // NOTE: a few units clear hours later (shift change, paperwork): cap so the demo incident does not linger.
  if (u.availableMin !== null)
    steps.push({ min: Math.min(u.availableMin, MAX_CALL_MIN), status: 'available' });
  return steps;
}

/**
 * A real call replayed: its own units with their real timelines (dispatched, on scene, transporting, at
 * hospital, available), its response in real time and the rest at the time scale (afterResponse).
 */
export function planFromFireCall(ctx: PlanContext, call: FireCall): IncidentScript {
  const { rng } = ctx;
  const b = new ScriptBuilder(ctx.incidentId);
  const owner = call.department;
  const arrivals = call.units.flatMap((u) => (u.onSceneMin === null ? [] : [u.onSceneMin]));
  const rest = afterResponse(ctx, toWall(ctx, Math.max(0, ...arrivals)));
  const at = (min: number) => toWall(rest, min);
  b.add(ctx.reportedAt, owner, 'reported', {
    category: call.category,
    severity: call.severity,
    lat: call.lat,
    lon: call.lon,
    title: call.title,
    actor: deskActor(owner, ctx.city.departments),
  });
  const firstDispatch = Math.min(...call.units.map((u) => u.dispatchMin));
  const ackMin = Math.min(call.entryMin ?? firstDispatch, firstDispatch);
  b.add(at(ackMin), owner, 'acknowledged', { actor: deskActor(owner, ctx.city.departments) });
  const requested = new Set<string>();
  let lastOnScene = at(firstDispatch);
  let lastStep = 0;
  for (const u of [...call.units].sort((a, b2) => a.dispatchMin - b2.dispatchMin)) {
    if (u.department !== owner && !requested.has(u.department)) {
      requested.add(u.department);
      // NOTE: the request precedes the other department's first dispatch, as a dispatcher would ask first.
      b.add(Math.max(at(ackMin), at(u.dispatchMin) - 1), owner, 'assist_requested', {
        toDepartment: u.department,
        note:
          roleOf(ctx.city.departments, owner) === 'ems'
            ? 'Engine company requested as first responder'
            : 'Medic unit requested',
        actor: deskActor(owner, ctx.city.departments),
      });
    }
    let t = b.add(at(u.dispatchMin), u.department, 'dispatched', { unit: u.unit });
    if (u.onSceneMin !== null) {
      t = b.add(Math.max(at(u.onSceneMin), t + STEP_GAP_MS), u.department, 'on_scene', { unit: u.unit });
      lastOnScene = Math.max(lastOnScene, t);
    }
    for (const step of laterSteps(u)) {
      t = b.add(Math.max(at(step.min), t + STEP_GAP_MS), u.department, 'unit_status', {
        unit: u.unit,
        unitStatus: step.status,
      });
    }
    lastStep = Math.max(lastStep, t);
  }
  let finalOwner: string = owner;
  let doneAt = lastOnScene;
  const police = departmentFor(ctx.city.departments, 'police');
  if (roleOf(ctx.city.departments, owner) === 'ems' && police && rng() < 0.08) {
    const result = addCrossStep(
      b,
      rest,
      owner,
      {
        type: 'handed_off',
        toDepartment: police,
        chance: 1,
        note: 'Patient declined transport; welfare concern handed to police',
      },
      after(rest, lastOnScene, [2, 6]),
    );
    finalOwner = result.owner;
    doneAt = result.doneAt;
  }
  const resolvedAt = b.add(Math.max(lastStep, after(rest, doneAt, [2, 8])), finalOwner, 'resolved', {
    actor: deskActor(finalOwner, ctx.city.departments),
  });
  b.add(after(rest, resolvedAt, [2, 8]), finalOwner, 'closed', {
    actor: deskActor(finalOwner, ctx.city.departments),
  });
  return b.build(owner, finalOwner);
}
