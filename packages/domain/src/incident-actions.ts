/**
 * Who may do what to an incident, and when (after access.ts's actingDepartment has said for which department): the one definition the server enforces (403/409 with a reason)
 * and the dashboard uses to offer only the actions that can succeed. Pure, so every rule is unit-tested.
 *
 * The acting department comes from the principal (a lead acts for its department) or, for command and
 * admin, from their choice; never from anything else in the request. A department may act on an incident
 * it owns, is asked to assist, or is offered; ownership steps (acknowledge, hand over, resolve, close,
 * reopen) belong to the owner alone.
 */
import { actingDepartment, type Principal } from './access.js';
import { isOpen } from './incident-fold.js';
import type { IncidentState } from './incident-state.js';
import type { IncidentActionType } from './schemas.js';
import { isEngaged, type UnitStatus } from './unit-statuses.js';

export interface ActionRequest {
  type: IncidentActionType;
  /** The department command or admin chose to act for (a lead's is its own). */
  department?: string;
  toDepartment?: string;
  unit?: string;
  unitStatus?: UnitStatus;
  severity?: number;
}

export type ActionRefusal = { ok: false; status: 400 | 403 | 409; reason: string };
export type ActionDecision = { ok: true; department: string } | ActionRefusal;

type ActionState = Pick<
  IncidentState,
  'status' | 'department' | 'assisting' | 'pendingHandover' | 'awaitingAck' | 'units' | 'severity'
>;
type Actor = Pick<Principal, 'role' | 'department'>;

const refuse = (status: 400 | 403 | 409, reason: string): ActionRefusal => ({ ok: false, status, reason });

/** Whether `dept` has a part in the incident: owner, asked to assist, or offered it. */
export function isInvolved(s: ActionState, dept: string): boolean {
  return s.department === dept || s.assisting.includes(dept) || s.pendingHandover?.to === dept;
}

export function decideAction(s: ActionState, p: Actor, req: ActionRequest): ActionDecision {
  const acting = actingDepartment(p, req.department);
  if (!acting.ok) return refuse(acting.status, acting.message);
  const dept = acting.department;
  const refusal = stateRefusal(s, dept, req);
  return refusal ?? { ok: true, department: dept };
}

function stateRefusal(s: ActionState, dept: string, req: ActionRequest): ActionRefusal | null {
  const owner = s.department;
  const open = isOpen(s);
  const ownerOnly = (what: string) =>
    dept === owner ? null : refuse(403, `only ${owner}, the owning department, can ${what} this incident`);
  const mustBeOpen = () => (open ? null : refuse(409, `the incident is ${s.status}`));

  if (req.type === 'handover_accepted' || req.type === 'handover_declined') {
    const pending = s.pendingHandover;
    if (!pending) return refuse(409, 'no hand-over is waiting on this incident');
    if (pending.to !== dept) return refuse(403, `the hand-over was offered to ${pending.to}, not to ${dept}`);
    return null;
  }
  const takesPart = owner === dept || s.assisting.includes(dept);
  if (!takesPart && s.pendingHandover?.to === dept && req.type !== 'comment')
    return refuse(403, `${dept} is offered this incident: accept the hand-over before acting on it`);
  if (!isInvolved(s, dept))
    return refuse(
      403,
      `${dept} has no part in this incident: it is owned by ${owner}` +
        (s.assisting.length > 0 ? ` with ${s.assisting.join(', ')} assisting` : ''),
    );

  switch (req.type) {
    case 'comment':
      return null;
    case 'acknowledged':
      return (
        ownerOnly('acknowledge') ??
        mustBeOpen() ??
        (s.awaitingAck ? null : refuse(409, `the incident is already acknowledged by ${owner}`))
      );
    case 'dispatched': {
      const unit = req.unit?.trim();
      if (!unit) return refuse(400, 'unit: say which unit is dispatched');
      return (
        mustBeOpen() ??
        (s.units.some((u) => u.unit === unit)
          ? refuse(409, `unit ${unit} is already on this incident`)
          : null)
      );
    }
    case 'on_scene': {
      const closed = mustBeOpen();
      if (closed) return closed;
      if (req.unit === undefined)
        return s.status === 'on_scene' ? refuse(409, 'the incident is already marked on scene') : null;
      const unit = s.units.find((u) => u.unit === req.unit);
      if (!unit) return refuse(409, `unit ${req.unit} was not dispatched to this incident`);
      return unit.onSceneAt === null ? null : refuse(409, `unit ${req.unit} is already on scene`);
    }
    case 'assist_requested': {
      const to = req.toDepartment;
      if (!to) return refuse(400, 'toDepartment: say which department is asked to assist');
      if (to === dept) return refuse(409, `${dept} cannot ask itself for assistance`);
      if (to === owner) return refuse(409, `${to} owns this incident already`);
      return mustBeOpen() ?? (s.assisting.includes(to) ? refuse(409, `${to} is already assisting`) : null);
    }
    case 'handover_offered': {
      const to = req.toDepartment;
      if (!to) return refuse(400, 'toDepartment: say which department the incident is handed to');
      return (
        ownerOnly('hand over') ??
        mustBeOpen() ??
        (to === owner ? refuse(409, `${owner} cannot hand an incident over to itself`) : null) ??
        (s.pendingHandover
          ? refuse(409, `a hand-over to ${s.pendingHandover.to} is already waiting for an answer`)
          : null)
      );
    }
    case 'escalated': {
      const closed = mustBeOpen();
      if (closed) return closed;
      if (req.severity === undefined)
        return s.severity >= 5 ? refuse(409, 'the incident is already at the highest severity (5)') : null;
      return req.severity > s.severity
        ? null
        : refuse(409, `severity ${req.severity} is not higher than the current ${s.severity}`);
    }
    case 'resolved':
      return ownerOnly('resolve') ?? (open ? null : refuse(409, `the incident is already ${s.status}`));
    case 'closed':
      return (
        ownerOnly('close') ?? (s.status === 'closed' ? refuse(409, 'the incident is already closed') : null)
      );
    case 'reopened':
      return ownerOnly('reopen') ?? (open ? refuse(409, 'the incident is still open') : null);
    case 'unit_status': {
      const unitId = req.unit?.trim();
      if (!unitId) return refuse(400, 'unit: say which unit');
      if (!req.unitStatus) return refuse(400, 'unitStatus: say what the unit is doing');
      const unit = s.units.find((u) => u.unit === unitId);
      if (unit && unit.department !== dept)
        return refuse(403, `unit ${unitId} belongs to ${unit.department}, not to ${dept}`);
      if (!unit && !isEngaged(req.unitStatus)) return refuse(409, `unit ${unitId} is not on this incident`);
      if (!open && isEngaged(req.unitStatus)) return refuse(409, `the incident is ${s.status}`);
      return unit?.status === req.unitStatus
        ? refuse(409, `unit ${unitId} is already ${req.unitStatus}`)
        : null;
    }
  }
}

/** The actions that would be accepted now (for actions that name a department or unit: for some value). */
export function possibleActions(
  s: ActionState,
  p: Actor,
  department: string | undefined,
): IncidentActionType[] {
  const acting = actingDepartment(p, department);
  if (!acting.ok) return [];
  const dept = acting.department;
  const allowed: IncidentActionType[] = [];
  const probe: Record<IncidentActionType, Omit<ActionRequest, 'type'>> = {
    acknowledged: {},
    dispatched: { unit: '\u0000any-new-unit' },
    on_scene: {},
    assist_requested: { toDepartment: '\u0000any-other-department' },
    handover_offered: { toDepartment: '\u0000any-other-department' },
    handover_accepted: {},
    handover_declined: {},
    escalated: {},
    resolved: {},
    closed: {},
    reopened: {},
    comment: {},
    // NOTE: offered when some unit of the department could change status; the form picks which.
    unit_status: { unit: '\u0000any-new-unit', unitStatus: 'dispatched' },
  };
  for (const [type, values] of Object.entries(probe) as [IncidentActionType, Omit<ActionRequest, 'type'>][]) {
    if (stateRefusal(s, dept, { type, ...values }) === null) allowed.push(type);
  }
  return allowed;
}
