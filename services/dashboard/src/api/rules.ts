/**
 * Rules that move work between departments (issue 10), as the rules API serves them: the list with each
 * rule's version, origin and firing counts, a rule's versions, dry runs over a past window (of a saved rule,
 * or of an edit before saving), and the admin's changes (switch on/off, save a new definition).
 */
import { queryOptions } from '@tanstack/react-query';
import type { Rule, RuleDryRun, RuleList, RuleView } from '@twin/domain';
import { getJson, patchJson, postJson, putJson, toQueryString } from './http.js';

/** One saved version of a rule (`GET /api/v1/rules/:id/versions`, newest first). */
export interface RuleVersion {
  version: number;
  rule: Rule;
  origin?: 'pack' | 'admin';
  updatedAt: number;
  updatedBy: string | null;
}

export const ruleKeys = {
  all: ['rules'] as const,
  list: () => [...ruleKeys.all, 'list'] as const,
  versions: (ruleId: string) => [...ruleKeys.all, 'versions', ruleId] as const,
};

/** "Last fired" and "fired in the last 24 h" move as rules act: read again every minute while shown. */
export const RULES_REFRESH_MS = 60_000;

const id = (value: string) => encodeURIComponent(value);

export const rulesQuery = queryOptions({
  queryKey: ruleKeys.list(),
  queryFn: ({ signal }) => getJson<RuleList>('/rules', signal),
  staleTime: 30_000,
  refetchInterval: RULES_REFRESH_MS,
});

export function ruleVersionsQuery(ruleId: string) {
  return queryOptions({
    queryKey: ruleKeys.versions(ruleId),
    queryFn: async ({ signal }) =>
      (await getJson<{ versions: RuleVersion[] }>(`/rules/${id(ruleId)}/versions`, signal)).versions,
  });
}

/** What a saved rule would have done over `[from, to)` (at most 7 days). */
export function dryRunRule(ruleId: string, from: number, to: number): Promise<RuleDryRun> {
  const query = toQueryString({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
  return postJson<RuleDryRun>(`/rules/${id(ruleId)}/dry-run${query}`, {});
}

/** What an edited definition would have done over `[from, to)`, before it is saved. */
export function dryRunDraft(rule: unknown, from: number, to: number): Promise<RuleDryRun> {
  return postJson<RuleDryRun>('/rules/dry-run', {
    rule,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
  });
}

/** Admin: switches a rule on or off (a new version, like any change). */
export function setRuleEnabled(ruleId: string, enabled: boolean): Promise<RuleView> {
  return patchJson<RuleView>(`/admin/rules/${id(ruleId)}`, { enabled });
}

/** Admin: saves a new definition of a rule. The body is sent as typed: the server's schema judges it. */
export function saveRule(ruleId: string, rule: unknown): Promise<RuleView> {
  return putJson<RuleView>(`/admin/rules/${id(ruleId)}`, rule);
}
