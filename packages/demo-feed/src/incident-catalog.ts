/**
 * What each department's incidents look like: categories, titles, severities, unit names, how long each step
 * takes (in simulated minutes, before the time scale) and which other departments get drawn in.
 */
import { departmentFor, nameOf, roleOf, type SimDepartment } from './city-departments.js';
import { pick, type Rng, randInt } from './prng.js';

export type Range = readonly [number, number];

export interface CrossStep {
  type: 'assist_requested' | 'handed_off';
  toDepartment: string;
  /** Probability that this incident includes the step. */
  chance: number;
  note: string;
}

export interface IncidentTemplate {
  department: string;
  category: string;
  titles: readonly string[];
  severity: Range;
  /** How many of the owner's units are dispatched. */
  units: Range;
  /** Minutes: reported → acknowledged → dispatched → on scene → resolved → closed. */
  ackMin: Range;
  dispatchMin: Range;
  travelMin: Range;
  workMin: Range;
  closeMin: Range;
  cross?: readonly CrossStep[];
  escalateChance?: number;
  comments?: readonly string[];
  /** Relative frequency among all incidents of the city. */
  weight: number;
}

const FAST = { ackMin: [0.3, 1.5], dispatchMin: [0.5, 2], travelMin: [3, 9] } as const;
const SLOW = { ackMin: [2, 10], dispatchMin: [5, 20], travelMin: [10, 30] } as const;

export const INCIDENT_TEMPLATES: readonly IncidentTemplate[] = [
  {
    department: 'fire',
    category: 'structure_fire',
    titles: [
      'Structure fire, smoke showing',
      'Kitchen fire in apartment building',
      'Fire in commercial building',
    ],
    severity: [4, 5],
    units: [2, 4],
    ...FAST,
    workMin: [30, 70],
    closeMin: [5, 15],
    cross: [
      {
        type: 'assist_requested',
        toDepartment: 'ems',
        chance: 0.7,
        note: 'Possible smoke inhalation, medic requested',
      },
    ],
    escalateChance: 0.25,
    comments: ['Second-alarm resources staged', 'Fire knocked down, overhaul in progress'],
    weight: 3,
  },
  {
    department: 'fire',
    category: 'alarm',
    titles: [
      'Commercial fire alarm activation',
      'Residential smoke alarm sounding',
      'Sprinkler waterflow alarm',
    ],
    severity: [2, 3],
    units: [1, 2],
    ...FAST,
    workMin: [8, 20],
    closeMin: [2, 6],
    comments: ['Alarm reset, no fire found'],
    weight: 4,
  },
  {
    department: 'fire',
    category: 'rescue',
    titles: [
      'Elevator rescue, persons trapped',
      'Water rescue near the shoreline',
      'Person trapped in vehicle',
    ],
    severity: [3, 5],
    units: [1, 3],
    ...FAST,
    workMin: [15, 45],
    closeMin: [3, 10],
    cross: [
      {
        type: 'assist_requested',
        toDepartment: 'ems',
        chance: 0.8,
        note: 'Patient extricated, medic requested',
      },
    ],
    weight: 2,
  },
  {
    department: 'ems',
    category: 'medical',
    titles: ['Medical emergency, person down', 'Fall with injury', 'Difficulty breathing', 'Chest pain'],
    severity: [2, 4],
    units: [1, 1],
    ...FAST,
    workMin: [15, 40],
    closeMin: [3, 10],
    cross: [
      {
        type: 'assist_requested',
        toDepartment: 'fire',
        chance: 0.3,
        note: 'Engine requested for lift assist',
      },
      {
        type: 'handed_off',
        toDepartment: 'police',
        chance: 0.12,
        note: 'Patient declined care; welfare check handed to police',
      },
    ],
    weight: 9,
  },
  {
    department: 'police',
    category: 'traffic_collision',
    titles: [
      'Traffic collision, vehicles blocking lanes',
      'Collision involving a cyclist',
      'Multi-vehicle collision',
    ],
    severity: [2, 4],
    units: [1, 2],
    ...FAST,
    workMin: [20, 50],
    closeMin: [5, 15],
    cross: [
      {
        type: 'assist_requested',
        toDepartment: 'transport',
        chance: 0.7,
        note: 'Lane closure and traffic control requested',
      },
      {
        type: 'assist_requested',
        toDepartment: 'ems',
        chance: 0.35,
        note: 'Injuries reported, medic requested',
      },
    ],
    weight: 4,
  },
  {
    department: 'police',
    category: 'disturbance',
    titles: ['Noise disturbance', 'Disturbance outside a bar', 'Suspicious activity reported'],
    severity: [1, 3],
    units: [1, 2],
    ...FAST,
    workMin: [10, 30],
    closeMin: [2, 8],
    comments: ['Parties advised, area quiet'],
    weight: 4,
  },
  {
    department: 'public-works',
    category: 'pothole',
    titles: ['Pothole in travel lane', 'Sunken road surface', 'Damaged manhole cover'],
    severity: [1, 2],
    units: [1, 1],
    ...SLOW,
    workMin: [20, 60],
    closeMin: [10, 30],
    cross: [
      { type: 'handed_off', toDepartment: 'water', chance: 0.15, note: 'Sinkhole caused by a leaking main' },
    ],
    weight: 3,
  },
  {
    department: 'public-works',
    category: 'fallen_tree',
    titles: ['Fallen tree blocking the road', 'Large branch down on sidewalk'],
    severity: [2, 3],
    units: [1, 2],
    ...SLOW,
    workMin: [30, 80],
    closeMin: [10, 20],
    cross: [
      {
        type: 'assist_requested',
        toDepartment: 'transport',
        chance: 0.5,
        note: 'Detour needed while crew clears the road',
      },
    ],
    weight: 2,
  },
  {
    department: 'public-works',
    category: 'streetlight_out',
    titles: ['Street lights out on block', 'Street light flickering', 'Damaged light pole'],
    severity: [1, 2],
    units: [1, 1],
    ...SLOW,
    workMin: [15, 40],
    closeMin: [10, 30],
    cross: [
      {
        type: 'handed_off',
        toDepartment: 'transport',
        chance: 0.2,
        note: 'Fault is in the signal cabinet feed',
      },
    ],
    weight: 3,
  },
  {
    department: 'water',
    category: 'main_break',
    titles: ['Water main break, water on roadway', 'Low pressure reported, suspected main break'],
    severity: [3, 4],
    units: [1, 3],
    ...SLOW,
    workMin: [40, 90],
    closeMin: [10, 30],
    cross: [
      {
        type: 'assist_requested',
        toDepartment: 'public-works',
        chance: 0.8,
        note: 'Road excavation and repaving requested',
      },
    ],
    escalateChance: 0.15,
    weight: 2,
  },
  {
    department: 'water',
    category: 'flooding',
    titles: ['Street flooding, storm drain blocked', 'Flooded underpass'],
    severity: [2, 4],
    units: [1, 2],
    ...SLOW,
    workMin: [20, 60],
    closeMin: [10, 20],
    cross: [
      { type: 'assist_requested', toDepartment: 'transport', chance: 0.4, note: 'Road closure requested' },
    ],
    weight: 2,
  },
  {
    department: 'transport',
    category: 'signal_failure',
    titles: ['Traffic signal dark', 'Signal stuck on red', 'Pedestrian signal not working'],
    severity: [2, 3],
    units: [1, 1],
    ...SLOW,
    workMin: [20, 50],
    closeMin: [5, 20],
    cross: [
      {
        type: 'assist_requested',
        toDepartment: 'police',
        chance: 0.3,
        note: 'Officer requested for traffic control',
      },
    ],
    weight: 3,
  },
  {
    department: 'transport',
    category: 'road_closure',
    titles: ['Emergency road closure', 'Lane blocked by stalled vehicle', 'Muni line blocked'],
    severity: [2, 3],
    units: [1, 2],
    ...SLOW,
    workMin: [20, 60],
    closeMin: [5, 15],
    weight: 2,
  },
  {
    department: 'environment',
    category: 'air_quality',
    titles: [
      'Air quality alert, elevated PM2.5',
      'Odour complaint, possible emissions',
      'Illegal dumping reported',
    ],
    severity: [1, 3],
    units: [1, 1],
    ...SLOW,
    workMin: [20, 60],
    closeMin: [10, 30],
    comments: ['Readings back within limits'],
    weight: 2,
  },
];

/** Unit names in each role's own style (fire's E/T/B come from SFFD; the rest are invented). */
export function unitName(rng: Rng, department: string, cast?: readonly SimDepartment[]): string {
  switch (roleOf(cast, department)) {
    case 'fire':
      return `${pick(rng, ['E', 'E', 'E', 'T', 'RS'])}${randInt(rng, 1, 44)}`;
    case 'ems':
      return `M${randInt(rng, 50, 99)}`;
    case 'police':
      return `${randInt(rng, 1, 9)}${pick(rng, ['A', 'B', 'C', 'D', 'E'])}${randInt(rng, 10, 99)}`;
    case 'public-works':
      return `PW-${randInt(rng, 1, 30)}`;
    case 'transport':
      return `TR-${randInt(rng, 1, 20)}`;
    case 'water':
      return `WD-${randInt(rng, 1, 20)}`;
    case 'environment':
      return `ENV-${randInt(rng, 1, 9)}`;
    default:
      return `${department.slice(0, 3).toUpperCase()}-${randInt(rng, 1, 30)}`;
  }
}

const DESK: Record<string, string> = {
  fire: 'Fire dispatch',
  ems: 'EMS dispatch',
  police: 'Police dispatch',
  'public-works': 'Public Works desk',
  transport: 'Transport operations',
  environment: 'Environment desk',
  water: 'Water operations',
};

/** Who an event is attributed to; says "(simulated)" so nobody mistakes the feed for a real dispatcher. */
/**
 * How every desk actor of the demo ends: the mark by which a restarted demo finds the incidents an earlier
 * run reported (the `reported` event's actor), to close those it left open.
 */
export const SIMULATED_ACTOR_SUFFIX = ' (simulated)';

export function deskActor(department: string, cast?: readonly SimDepartment[]): string {
  // NOTE: a department playing a built-in role under its own id is named as the city names it.
  const desk = DESK[department] ?? `${nameOf(cast, department)} desk`;
  return `${desk}${SIMULATED_ACTOR_SUFFIX}`;
}

/** Generic work for a department that plays none of the built-in roles (a city's own agency). */
function genericTemplate(department: SimDepartment): IncidentTemplate {
  return {
    department: department.id,
    category: 'service_request',
    titles: [
      `${department.name}: service request`,
      `${department.name}: report from the public`,
      `${department.name}: inspection requested`,
    ],
    severity: [1, 3],
    units: [1, 1],
    ...SLOW,
    workMin: [20, 60],
    closeMin: [10, 30],
    weight: 2,
  };
}

/**
 * The templates of the city's own departments: each role's templates re-cast to the department that plays
 * it, cross-department steps only towards roles the city has, generic requests for the rest.
 */
export function templatesForCity(
  templates: readonly IncidentTemplate[],
  cast: readonly SimDepartment[],
): IncidentTemplate[] {
  const out: IncidentTemplate[] = [];
  // NOTE: template order is kept (the weighted pick walks it), so the built-in cast plays exactly as before.
  for (const t of templates) {
    for (const department of cast.filter((d) => d.role === t.department)) {
      const cross = (t.cross ?? []).flatMap((step) => {
        const to = departmentFor(cast, step.toDepartment);
        return to && to !== department.id ? [{ ...step, toDepartment: to }] : [];
      });
      out.push({ ...t, department: department.id, ...(t.cross ? { cross } : {}) });
    }
  }
  for (const department of cast) if (department.role === null) out.push(genericTemplate(department));
  return out;
}
