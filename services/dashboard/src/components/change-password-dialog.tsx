import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { changeOwnPassword } from '../api/session.js';
import {
  passwordChangedText,
  passwordChangeErrorText,
  passwordChangeFormProblem,
} from '../lib/password-change.js';

/**
 * The signed-in person's own new password: current, new, and the new one again (a typo would lock them
 * out). A modal <dialog>: the browser keeps the keyboard inside it and closes it on Escape.
 */
export function ChangePasswordDialog({ username, onClose }: { username: string; onClose: () => void }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const doneRef = useRef<HTMLButtonElement>(null);
  const titleId = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [formProblem, setFormProblem] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: () => changeOwnPassword(current, next),
  });

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  useEffect(() => {
    if (change.isSuccess) doneRef.current?.focus();
  }, [change.isSuccess]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problem = passwordChangeFormProblem({ current, next, again });
    setFormProblem(problem);
    if (problem === null) change.mutate();
  };

  const error = formProblem ?? (change.error ? passwordChangeErrorText(change.error) : null);

  return (
    <dialog
      ref={dialogRef}
      className="password-dialog"
      aria-labelledby={titleId}
      onClose={onClose}
      data-testid="change-password-dialog"
    >
      <h2 id={titleId} className="password-dialog__title">
        Change password
      </h2>
      {change.isSuccess ? (
        <>
          <p className="password-dialog__success" role="status" data-testid="change-password-success">
            {passwordChangedText(change.data.otherSessionsEnded)}
          </p>
          <div className="password-dialog__buttons">
            <button
              ref={doneRef}
              type="button"
              className="password-dialog__primary"
              onClick={() => dialogRef.current?.close()}
              data-testid="change-password-done"
            >
              Done
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={submit} noValidate>
          <fieldset className="password-dialog__fields" disabled={change.isPending}>
            {/* NOTE: the user name tells password managers whose password this is, so they update it. */}
            <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
            <label className="password-dialog__field">
              <span>Current password</span>
              <input
                type="password"
                name="current-password"
                autoComplete="current-password"
                // NOTE: the dialog was opened to type this: focus starts here (showModal would pick it anyway).
                autoFocus
                value={current}
                onChange={(e) => setCurrent(e.target.value)}
                data-testid="current-password"
              />
            </label>
            <label className="password-dialog__field">
              <span>New password</span>
              <input
                type="password"
                name="new-password"
                autoComplete="new-password"
                value={next}
                onChange={(e) => setNext(e.target.value)}
                data-testid="new-password"
              />
            </label>
            <label className="password-dialog__field">
              <span>Repeat the new password</span>
              <input
                type="password"
                name="new-password-again"
                autoComplete="new-password"
                value={again}
                onChange={(e) => setAgain(e.target.value)}
                data-testid="new-password-again"
              />
            </label>
            <p className="password-dialog__hint">
              Your other sessions (other browsers or devices) will be signed out; this one stays.
            </p>
            {error && (
              <p className="password-dialog__error" role="alert" data-testid="change-password-error">
                {error}
              </p>
            )}
            <div className="password-dialog__buttons">
              <button type="submit" className="password-dialog__primary" data-testid="change-password-submit">
                {change.isPending ? 'Changing…' : 'Change password'}
              </button>
              <button type="button" onClick={() => dialogRef.current?.close()}>
                Cancel
              </button>
            </div>
          </fieldset>
        </form>
      )}
    </dialog>
  );
}
