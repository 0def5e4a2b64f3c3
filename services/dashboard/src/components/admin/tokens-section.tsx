import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Principal } from '@twin/domain';
import { type FormEvent, useState } from 'react';
import {
  adminKeys,
  type CreatedToken,
  createToken,
  revokeToken,
  tokensQuery,
  usersQuery,
} from '../../api/admin.js';
import { useNow } from '../../hooks/use-now.js';
import { formatAgo } from '../../lib/access.js';
import { plainApiError } from '../../lib/api-errors.js';
import { ConfirmButton } from './confirm-button.js';
import { OneTimeSecret } from './one-time-secret.js';
import { Feedback } from './users-section.js';

/** API tokens for machines and integrations: each acts as the user it belongs to, with that user's role. */
export function TokensSection({ me }: { me: Principal }) {
  const queryClient = useQueryClient();
  const tokens = useQuery(tokensQuery);
  const users = useQuery(usersQuery);
  const now = useNow(30_000);
  const [label, setLabel] = useState('');
  const [userId, setUserId] = useState(me.id);
  const [formError, setFormError] = useState<string | null>(null);
  const [secret, setSecret] = useState<CreatedToken | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const usernameOf = (id: string) => users.data?.find((u) => u.id === id)?.username ?? id;

  const create = useMutation({
    mutationFn: () => createToken(label.trim(), userId),
    onSuccess: (created) => {
      setSecret(created);
      setLabel('');
      setDone(null);
      void queryClient.invalidateQueries({ queryKey: adminKeys.tokens() });
    },
  });
  const revoke = useMutation({
    mutationFn: (tokenId: string) => revokeToken(tokenId),
    onSuccess: (_data, tokenId) => {
      setDone(
        `Revoked ${tokens.data?.find((t) => t.id === tokenId)?.label ?? 'the token'}: it no longer works.`,
      );
      void queryClient.invalidateQueries({ queryKey: adminKeys.tokens() });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!label.trim()) return setFormError('Label: say what uses it (e.g. "CAD bridge").');
    setFormError(null);
    create.reset();
    revoke.reset();
    create.mutate();
  };

  return (
    <section className="access__section" aria-labelledby="access-tokens" data-testid="admin-tokens">
      <header className="access__section-header">
        <h2 id="access-tokens">API tokens</h2>
      </header>
      <p className="access__explain">
        For machines and integrations: sent as <code>Authorization: Bearer …</code>, a token acts as its user,
        with that user's role.
      </p>
      {secret ? (
        <OneTimeSecret
          title={`Token "${secret.label}"`}
          value={secret.token}
          note={`It acts as ${usernameOf(secret.userId)}.`}
          onDone={() => setSecret(null)}
          testId="token-secret"
        />
      ) : (
        <form className="access__form access__form--inline" onSubmit={submit} data-testid="token-create">
          <fieldset disabled={create.isPending}>
            <label>
              <span>Label</span>
              <input
                value={label}
                maxLength={200}
                autoComplete="off"
                onChange={(e) => setLabel(e.target.value)}
                data-testid="token-label"
              />
            </label>
            <label>
              <span>Acts as</span>
              <select value={userId} onChange={(e) => setUserId(e.target.value)} data-testid="token-user">
                {(users.data ?? []).some((u) => u.id === me.id) ? null : (
                  <option value={me.id}>{me.username}</option>
                )}
                {(users.data ?? [])
                  .filter((u) => !u.disabled)
                  .map((u) => (
                    <option key={u.id} value={u.id}>
                      {u.username} ({u.role})
                    </option>
                  ))}
              </select>
            </label>
            <button type="submit" className="access__primary" data-testid="token-create-submit">
              {create.isPending ? 'Creating…' : 'Create token'}
            </button>
          </fieldset>
          {formError && (
            <p className="access__error" role="alert">
              {formError}
            </p>
          )}
        </form>
      )}
      <Feedback error={create.error ?? revoke.error} done={done} />
      {tokens.error && (
        <p className="access__error" role="alert">
          Cannot load the tokens: {plainApiError(tokens.error)}
        </p>
      )}
      {tokens.data &&
        (tokens.data.length === 0 ? (
          <p className="empty">No API tokens.</p>
        ) : (
          <table className="access__table" data-testid="tokens-table">
            <thead>
              <tr>
                <th scope="col">Label</th>
                <th scope="col">Acts as</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((token) => (
                <tr key={token.id} data-token={token.label}>
                  <td>{token.label}</td>
                  <td>{usernameOf(token.userId)}</td>
                  <td>{formatAgo(token.createdAt, now)}</td>
                  <td>{formatAgo(token.lastUsedAt, now)}</td>
                  <td className="access__row-actions">
                    <ConfirmButton
                      label="Revoke"
                      question={`Revoke "${token.label}"? Whatever uses it stops working at once.`}
                      confirmLabel="Revoke"
                      disabled={revoke.isPending}
                      onConfirm={() => revoke.mutate(token.id)}
                      testId="token-revoke"
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </section>
  );
}
