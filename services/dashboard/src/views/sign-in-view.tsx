import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { signInErrorText } from '../lib/api-errors.js';
import { useSignIn } from '../session/use-me.js';

/**
 * Username and password, nothing else. A real form with the standard autocomplete names, so password
 * managers fill and save it; disabled while the request is out; on a wrong password the error is read out
 * and the password field is focused and selected for the next try.
 */
export function SignInView() {
  const signIn = useSignIn();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const errorId = useId();

  useEffect(() => {
    usernameRef.current?.focus();
  }, []);

  const failed = signIn.isError;
  useEffect(() => {
    if (!failed) return;
    passwordRef.current?.focus();
    passwordRef.current?.select();
  }, [failed]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (signIn.isPending) return;
    const name = username.trim();
    if (!name) {
      setMissing('Enter your user name.');
      usernameRef.current?.focus();
      return;
    }
    if (!password) {
      setMissing('Enter your password.');
      passwordRef.current?.focus();
      return;
    }
    setMissing(null);
    signIn.mutate({ username: name, password });
  };

  const error = missing ?? (signIn.error ? signInErrorText(signIn.error) : null);

  return (
    <main className="sign-in" data-testid="sign-in">
      <form
        className="sign-in__card"
        method="post"
        onSubmit={submit}
        aria-describedby={error ? errorId : undefined}
      >
        <h1 className="sign-in__title">City operations</h1>
        <p className="sign-in__lead">Sign in to see the city and act on incidents.</p>
        <fieldset className="sign-in__fields" disabled={signIn.isPending}>
          <label className="sign-in__field">
            <span>User name</span>
            <input
              ref={usernameRef}
              name="username"
              type="text"
              autoComplete="username"
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
              required
              maxLength={200}
              value={username}
              onChange={(e) => setUsername(e.target.value)}
              data-testid="sign-in-username"
            />
          </label>
          <label className="sign-in__field">
            <span>Password</span>
            <input
              ref={passwordRef}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              maxLength={1000}
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              aria-invalid={failed || undefined}
              data-testid="sign-in-password"
            />
          </label>
          {error && (
            <p id={errorId} className="sign-in__error" role="alert" data-testid="sign-in-error">
              {error}
            </p>
          )}
          <button type="submit" className="sign-in__submit" data-testid="sign-in-submit">
            {signIn.isPending ? 'Signing in…' : 'Sign in'}
          </button>
        </fieldset>
        <p className="sign-in__hint">
          No account, or forgot the password? An administrator can create one or set a new password.
        </p>
      </form>
    </main>
  );
}
