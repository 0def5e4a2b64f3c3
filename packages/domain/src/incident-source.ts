/**
 * Where an incident came from, read off the actor of its `reported` event. Actors are free text for a
 * department's own system or staff (`j.doe`, `cad-gateway`); two prefixes are reserved for what the service
 * itself writes: `rule:<rule id>` (a rule's action, BRIEF "linked") and `public:<channel>` (a citizen's
 * report, e.g. `public:open311`). One definition, so the fold, the API and the dashboard agree.
 */
export const INCIDENT_SOURCES = ['department', 'public', 'rule'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

/** The actor prefix of events a rule writes: `rule:<rule id>`. */
export const RULE_ACTOR_PREFIX = 'rule:';
/** The actor prefix of events written for the public: `public:<channel>`. */
export const PUBLIC_ACTOR_PREFIX = 'public:';

export function ruleActor(ruleId: string): string {
  return `${RULE_ACTOR_PREFIX}${ruleId}`;
}

export function publicActor(channel: string): string {
  return `${PUBLIC_ACTOR_PREFIX}${channel}`;
}

export function incidentSource(actor: string | undefined): IncidentSource {
  if (actor?.startsWith(RULE_ACTOR_PREFIX)) return 'rule';
  if (actor?.startsWith(PUBLIC_ACTOR_PREFIX)) return 'public';
  return 'department';
}
