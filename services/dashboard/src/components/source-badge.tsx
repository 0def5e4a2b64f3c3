import type { IncidentView } from '@twin/domain';
import { sourceBadge } from '../lib/incidents.js';

/** "Rule" or "Public report" for an incident a rule or a citizen opened; nothing for a department's own. */
export function SourceBadge({ source }: { source: IncidentView['source'] | undefined }) {
  const badge = sourceBadge(source);
  if (!badge) return null;
  return (
    <span
      className={`source-badge source-badge--${badge.kind}`}
      title={badge.title}
      data-testid="source-badge"
    >
      {badge.text}
    </span>
  );
}
