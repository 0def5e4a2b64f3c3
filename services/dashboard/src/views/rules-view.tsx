import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isAdmin, type Principal } from '@twin/domain';
import { useMemo, useState } from 'react';
import { ApiError } from '../api/http.js';
import { ruleKeys, rulesQuery, setRuleEnabled } from '../api/rules.js';
import { RuleCard } from '../components/rules/rule-card.js';
import { useCityTime } from '../hooks/use-city-time.js';
import { departmentNames, useDepartments } from '../hooks/use-department-colors.js';
import { useNow } from '../hooks/use-now.js';
import { plainApiError } from '../lib/api-errors.js';
import '../styles/rules.css';

/**
 * Rules that move work between departments (issue 10, "linked"): every rule of the city with what it does in
 * words, whether it is on, and how it has been firing; a dry run of any rule over a past window; and, for
 * an admin, the switch and the editor. Every signed-in role but a wall screen reads it.
 */
export function RulesPanel({ me }: { me: Principal }) {
  const queryClient = useQueryClient();
  const rules = useQuery(rulesQuery);
  const { departments } = useDepartments();
  const nameOf = useMemo(() => departmentNames(departments), [departments]);
  const cityTime = useCityTime();
  const now = useNow(30_000);
  const admin = isAdmin(me);
  const [done, setDone] = useState<string | null>(null);

  const afterChange = (message: string) => {
    setDone(message);
    void queryClient.invalidateQueries({ queryKey: ruleKeys.all });
  };
  const switchRule = useMutation({
    mutationFn: ({ ruleId, enabled }: { ruleId: string; enabled: boolean }) =>
      setRuleEnabled(ruleId, enabled),
    onMutate: () => setDone(null),
    onSuccess: (_view, { ruleId, enabled }) => afterChange(`Switched ${ruleId} ${enabled ? 'on' : 'off'}.`),
  });

  const list = rules.data?.rules ?? [];
  const on = list.filter((r) => r.rule.enabled).length;
  return (
    <aside className="panel panel--rules" aria-label="Rules" data-testid="rules-panel">
      <header className="panel__header">
        <h1>Rules</h1>
      </header>
      <p className="rules__intro">
        Rules move work between departments: a sensor beyond a threshold opens an incident, an incident asks
        other departments for help, an incident left waiting is escalated. What a rule does appears on the
        incident's timeline as "by rule …".{' '}
        {admin
          ? 'As an administrator you switch rules on and off and edit them.'
          : 'Only administrators change rules.'}
      </p>
      {rules.error ? (
        <p className="rules__error" role="alert" data-testid="rules-error">
          {rules.error instanceof ApiError && rules.error.status === 404
            ? 'This server has no rules yet: its rules API is not there (404). Update the service to use rules.'
            : `Cannot load the rules: ${plainApiError(rules.error)}`}
        </p>
      ) : rules.isPending ? (
        <p className="empty">Loading the rules…</p>
      ) : (
        <p className="panel__count" data-testid="rules-count">
          {list.length} rule{list.length === 1 ? '' : 's'}, {on} on
        </p>
      )}
      {switchRule.error ? (
        <p className="rules__error" role="alert" data-testid="rules-switch-error">
          {plainApiError(switchRule.error)}
        </p>
      ) : (
        done && (
          <p className="rules__done" role="status" data-testid="rules-done">
            {done}
          </p>
        )
      )}
      {rules.data && list.length === 0 && (
        <p className="empty">
          This city has no rules: its pack lists none and no administrator has added one.
        </p>
      )}
      <ol className="rules">
        {list.map((view) => (
          <RuleCard
            key={view.rule.id}
            view={view}
            nameOf={nameOf}
            now={now}
            cityTime={cityTime}
            admin={admin}
            switching={switchRule.isPending}
            onSwitch={(enabled) => switchRule.mutate({ ruleId: view.rule.id, enabled })}
            onSaved={afterChange}
          />
        ))}
      </ol>
    </aside>
  );
}
