/**
 * A rule's saved versions, newest first, with when and by whom; an admin loads any of them into the editor
 * to look at it or to save it again as the newest (going back is a new version, like any change).
 */
import { useQuery } from '@tanstack/react-query';
import type { Rule } from '@twin/domain';
import { ruleVersionsQuery } from '../../api/rules.js';
import { plainApiError } from '../../lib/api-errors.js';
import { type CityTime, formatDateTime } from '../../lib/format.js';

interface RuleVersionsProps {
  ruleId: string;
  current: number;
  cityTime: CityTime;
  onLoad: (rule: Rule, version: number) => void;
}

export function RuleVersions({ ruleId, current, cityTime, onLoad }: RuleVersionsProps) {
  const versions = useQuery(ruleVersionsQuery(ruleId));
  return (
    <details className="rule-versions" data-testid="rule-versions">
      <summary>Earlier versions</summary>
      {versions.isPending && <p className="empty">Loading the versions…</p>}
      {versions.error && (
        <p className="rules__error" role="alert">
          Cannot load the versions: {plainApiError(versions.error)}
        </p>
      )}
      {versions.data && (
        <ol className="rule-versions__list">
          {versions.data.map((v) => (
            <li key={v.version} data-version={v.version}>
              <span>
                <strong>Version {v.version}</strong>
                {v.version === current ? ' (current)' : ''} ·{' '}
                {v.origin === 'pack' ? 'from the city pack' : `by ${v.updatedBy ?? 'an admin'}`} ·{' '}
                {formatDateTime(v.updatedAt, cityTime)} · {v.rule.enabled ? 'on' : 'off'}
              </span>
              <button type="button" onClick={() => onLoad(v.rule, v.version)}>
                Load into the editor
              </button>
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
