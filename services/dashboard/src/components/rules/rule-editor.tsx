/**
 * An admin's editor of one rule: its definition as formatted JSON in a textarea, "Save" (a new version, PUT)
 * with the server's refusal shown beside it in its own words (the schema names every reason), and "Try it":
 * a dry run of the edited text over a past window before anything is saved. Earlier versions load into the
 * same textarea.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RuleView } from '@twin/domain';
import { useId, useState } from 'react';
import { dryRunDraft, ruleKeys, saveRule } from '../../api/rules.js';
import { useCityTime } from '../../hooks/use-city-time.js';
import { plainApiError } from '../../lib/api-errors.js';
import { parseRuleText, ruleToText } from '../../lib/rule-draft.js';
import { DryRunPanel } from './dry-run-panel.js';
import { RuleVersions } from './rule-versions.js';

interface RuleEditorProps {
  view: RuleView;
  onSaved: (saved: string) => void;
  onCancel: () => void;
}

export function RuleEditor({ view, onSaved, onCancel }: RuleEditorProps) {
  const ruleId = view.rule.id;
  const queryClient = useQueryClient();
  const textId = useId();
  const [text, setText] = useState(() => ruleToText(view.rule));
  const [problem, setProblem] = useState<string | null>(null);
  const [loaded, setLoaded] = useState<number | null>(null);
  const cityTime = useCityTime();
  const save = useMutation({
    mutationFn: (value: unknown) => saveRule(ruleId, value),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ruleKeys.all });
      onSaved(
        saved && typeof saved.version === 'number'
          ? `Saved ${ruleId} as version ${saved.version}.`
          : `Saved ${ruleId}.`,
      );
    },
  });

  const submit = () => {
    save.reset();
    const parsed = parseRuleText(text);
    if ('error' in parsed) return setProblem(parsed.error);
    setProblem(null);
    save.mutate(parsed.value);
  };

  // "Try it" runs whatever the textarea holds now; a text that is not JSON fails the run with the reason.
  const tryIt = (window: { from: number; to: number }) => {
    const parsed = parseRuleText(text);
    if ('error' in parsed) return Promise.reject(new Error(parsed.error));
    return dryRunDraft(parsed.value, window.from, window.to);
  };

  const error = problem ?? (save.error ? plainApiError(save.error) : null);
  return (
    <section className="rule-editor" aria-label={`Edit ${ruleId}`} data-testid="rule-editor">
      <label htmlFor={textId} className="rule-editor__label">
        Definition of {ruleId} (JSON, as the rules API takes it)
      </label>
      <div className="rule-editor__body">
        <textarea
          id={textId}
          className="rule-editor__text"
          value={text}
          onChange={(e) => setText(e.target.value)}
          spellCheck={false}
          rows={Math.min(30, Math.max(10, text.split('\n').length + 1))}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${textId}-error` : undefined}
          data-testid="rule-editor-text"
        />
        <div className="rule-editor__side">
          <div className="rule-editor__buttons">
            <button
              type="button"
              className="access__primary"
              onClick={submit}
              disabled={save.isPending}
              data-testid="rule-editor-save"
            >
              {save.isPending ? 'Saving…' : 'Save'}
            </button>
            <button
              type="button"
              onClick={() => {
                setText(ruleToText(view.rule));
                setLoaded(null);
                setProblem(null);
                save.reset();
              }}
              disabled={save.isPending}
            >
              Undo changes
            </button>
            <button type="button" onClick={onCancel} disabled={save.isPending}>
              Close
            </button>
          </div>
          {loaded !== null && (
            <p className="rule-editor__loaded" role="status">
              Version {loaded} is in the editor: Save makes it the newest version.
            </p>
          )}
          {error && (
            <p id={`${textId}-error`} className="rules__error" role="alert" data-testid="rule-editor-error">
              {error}
            </p>
          )}
          <RuleVersions
            ruleId={ruleId}
            current={view.version}
            cityTime={cityTime}
            onLoad={(rule, version) => {
              setText(ruleToText(rule));
              setLoaded(version);
              setProblem(null);
              save.reset();
            }}
          />
        </div>
      </div>
      <h4 className="rule-editor__try">Try the edit over a past window (nothing is saved or written)</h4>
      <DryRunPanel subject={`the edit of ${ruleId}`} run={tryIt} runLabel="Try it" />
    </section>
  );
}
