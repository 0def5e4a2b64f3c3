import { type FormEvent, useState } from 'react';

/** A new password for someone else, typed twice (nobody sees it again; a typo would lock them out). */
export function PasswordResetForm({
  username,
  pending,
  onSubmit,
  onCancel,
}: {
  username: string;
  pending: boolean;
  onSubmit: (password: string) => void;
  onCancel: () => void;
}) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!password) return setError('New password: enter one.');
    if (password !== again) return setError('Repeat the password: the two entries differ.');
    setError(null);
    onSubmit(password);
  };
  return (
    <form className="access__form access__form--inline" onSubmit={submit} data-testid="password-reset-form">
      <fieldset disabled={pending}>
        {/* NOTE: a hidden user name tells password managers whose password this is, so they don't offer to
            save it as the admin's own. */}
        <input type="text" name="username" autoComplete="username" value={username} readOnly hidden />
        <label>
          <span>New password for {username}</span>
          <input
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="reset-password"
          />
        </label>
        <label>
          <span>Repeat it</span>
          <input
            type="password"
            autoComplete="new-password"
            value={again}
            onChange={(e) => setAgain(e.target.value)}
            data-testid="reset-password-again"
          />
        </label>
        {error && (
          <p className="access__error" role="alert">
            {error}
          </p>
        )}
        <div className="access__form-buttons">
          <button type="submit" className="access__primary" data-testid="reset-password-submit">
            {pending ? 'Saving…' : 'Set password'}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </fieldset>
    </form>
  );
}
