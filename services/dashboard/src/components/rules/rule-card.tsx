/**
 * One rule on the rules page: its id, kind and description, what it does in one line, whether it is on, its
 * version and where it comes from, when it last fired and how often in the last 24 h. Everyone may dry-run
 * it; an admin also switches it on or off and edits its definition (the server refuses anyone else anyway).
 */
import type { RuleView } from '@twin/domain';
import { useState } from 'react';
import { dryRunRule } from '../../api/rules.js';
import { formatAgo } from '../../lib/access.js';
import { type CityTime, formatDateTime } from '../../lib/format.js';
import type { NameOf } from '../../lib/incidents.js';
import { ruleKindLabel, ruleSummary } from '../../lib/rule-text.js';
import { DryRunPanel } from './dry-run-panel.js';
import { RuleEditor } from './rule-editor.js';

interface RuleCardProps {
  view: RuleView;
  nameOf: NameOf;
  now: number;
  cityTime: CityTime;
  admin: boolean;
  /** Admin: a switch is being flipped somewhere on the page. */
  switching: boolean;
  onSwitch: (enabled: boolean) => void;
  onSaved: (message: string) => void;
}

type Open = 'dry-run' | 'edit' | null;

export function RuleCard({
  view,
  nameOf,
  now,
  cityTime,
  admin,
  switching,
  onSwitch,
  onSaved,
}: RuleCardProps) {
  const { rule } = view;
  const [open, setOpen] = useState<Open>(null);
  const on = rule.enabled;
  const toggle = (what: Exclude<Open, null>) => setOpen((current) => (current === what ? null : what));

  return (
    <li
      className={`rule${on ? '' : ' rule--off'}`}
      data-testid="rule"
      data-rule-id={rule.id}
      data-enabled={on ? 'true' : 'false'}
    >
      <div className="rule__head">
        <h2 className="rule__id">
          <code>{rule.id}</code>
        </h2>
        <span className="rule__kind" data-testid="rule-kind">
          {ruleKindLabel(rule.kind)}
        </span>
        {admin ? (
          <button
            type="button"
            role="switch"
            aria-checked={on}
            aria-label={`${rule.id}: ${on ? 'on' : 'off'}. Switch ${on ? 'off' : 'on'}`}
            className={`rule-switch${on ? ' rule-switch--on' : ''}`}
            disabled={switching}
            onClick={() => onSwitch(!on)}
            data-testid="rule-toggle"
          >
            <span className="rule-switch__track" aria-hidden="true">
              <span className="rule-switch__knob" />
            </span>
            <span data-testid="rule-state">{on ? 'On' : 'Off'}</span>
          </button>
        ) : (
          <span className={`rule-state${on ? ' rule-state--on' : ''}`} data-testid="rule-state">
            {on ? 'On' : 'Off'}
          </span>
        )}
      </div>
      <p className="rule__description">{rule.description}</p>
      <p className="rule__summary" data-testid="rule-summary">
        {ruleSummary(rule, nameOf)}
      </p>
      <dl className="rule__facts">
        <div>
          <dt>Version</dt>
          <dd data-testid="rule-version">
            {view.version} ·{' '}
            {view.origin === 'pack' ? (
              'from the city pack'
            ) : (
              <span title={formatDateTime(view.updatedAt, cityTime)}>
                changed by {view.updatedBy ?? 'an admin'} {formatAgo(view.updatedAt, now)}
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>Last fired</dt>
          <dd data-testid="rule-last-fired">
            {view.lastFiredAt === null ? (
              'never'
            ) : (
              <time
                dateTime={new Date(view.lastFiredAt).toISOString()}
                title={formatDateTime(view.lastFiredAt, cityTime)}
              >
                {formatAgo(view.lastFiredAt, now)}
              </time>
            )}
          </dd>
        </div>
        <div>
          <dt>Fired in the last 24 h</dt>
          <dd data-testid="rule-fired-24h">{view.firedLast24h}</dd>
        </div>
      </dl>
      <div className="rule__buttons">
        <button
          type="button"
          aria-expanded={open === 'dry-run'}
          onClick={() => toggle('dry-run')}
          data-testid="rule-dry-run-open"
        >
          Dry run…
        </button>
        {admin && (
          <button
            type="button"
            aria-expanded={open === 'edit'}
            onClick={() => toggle('edit')}
            data-testid="rule-edit"
          >
            Edit definition…
          </button>
        )}
      </div>
      {open === 'dry-run' && (
        <DryRunPanel subject={rule.id} run={(w) => dryRunRule(rule.id, w.from, w.to)} runLabel="Dry run" />
      )}
      {open === 'edit' && admin && (
        <RuleEditor
          view={view}
          onSaved={(message) => {
            setOpen(null);
            onSaved(message);
          }}
          onCancel={() => setOpen(null)}
        />
      )}
    </li>
  );
}
