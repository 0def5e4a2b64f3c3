import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import {
  adminKeys,
  type CreatedKioskLink,
  createKioskLink,
  kioskLinksQuery,
  revokeKioskLink,
} from '../../api/admin.js';
import { useNow } from '../../hooks/use-now.js';
import { formatAgo } from '../../lib/access.js';
import { plainApiError } from '../../lib/api-errors.js';
import { ConfirmButton } from './confirm-button.js';
import { OneTimeSecret } from './one-time-secret.js';
import { Feedback } from './users-section.js';

/** Links that open the wall read-only on an unattended screen, with no password typed on it. */
export function KioskLinksSection() {
  const queryClient = useQueryClient();
  const links = useQuery(kioskLinksQuery);
  const now = useNow(30_000);
  const [label, setLabel] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedKioskLink | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: () => createKioskLink(label.trim()),
    onSuccess: (link) => {
      setCreated(link);
      setLabel('');
      setDone(null);
      void queryClient.invalidateQueries({ queryKey: adminKeys.kioskLinks() });
    },
  });
  const revoke = useMutation({
    mutationFn: (linkId: string) => revokeKioskLink(linkId),
    onSuccess: (_data, linkId) => {
      const name = links.data?.find((l) => l.id === linkId)?.label ?? 'the link';
      setDone(`Revoked ${name}: the screen using it now says its link was revoked.`);
      void queryClient.invalidateQueries({ queryKey: adminKeys.kioskLinks() });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!label.trim()) return setFormError('Label: name the screen (e.g. "Control room, left wall").');
    setFormError(null);
    create.reset();
    revoke.reset();
    create.mutate();
  };

  return (
    <section className="access__section" aria-labelledby="access-kiosk" data-testid="admin-kiosk-links">
      <header className="access__section-header">
        <h2 id="access-kiosk">Kiosk links</h2>
      </header>
      <p className="access__explain">
        Open the link once on the wall screen: it shows the wall, read only, and stays signed in across
        reloads until the link is revoked.
      </p>
      {created ? (
        <OneTimeSecret
          title={`Kiosk link "${created.label}"`}
          value={absoluteUrl(created.url)}
          note="Open it on the wall screen; the token leaves the address bar once the wall has opened."
          onDone={() => setCreated(null)}
          testId="kiosk-secret"
        />
      ) : (
        <form className="access__form access__form--inline" onSubmit={submit} data-testid="kiosk-create">
          <fieldset disabled={create.isPending}>
            <label>
              <span>Screen</span>
              <input
                value={label}
                maxLength={200}
                autoComplete="off"
                onChange={(e) => setLabel(e.target.value)}
                data-testid="kiosk-label"
              />
            </label>
            <button type="submit" className="access__primary" data-testid="kiosk-create-submit">
              {create.isPending ? 'Creating…' : 'Create kiosk link'}
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
      {links.error && (
        <p className="access__error" role="alert">
          Cannot load the kiosk links: {plainApiError(links.error)}
        </p>
      )}
      {links.data &&
        (links.data.length === 0 ? (
          <p className="empty">No kiosk links.</p>
        ) : (
          <table className="access__table" data-testid="kiosk-links-table">
            <thead>
              <tr>
                <th scope="col">Screen</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {links.data.map((link) => (
                <tr key={link.id} data-kiosk-link={link.label}>
                  <td>{link.label}</td>
                  <td>{formatAgo(link.createdAt, now)}</td>
                  <td>{formatAgo(link.lastUsedAt, now)}</td>
                  <td className="access__row-actions">
                    <ConfirmButton
                      label="Revoke"
                      question={`Revoke "${link.label}"? That screen stops showing the wall.`}
                      confirmLabel="Revoke"
                      disabled={revoke.isPending}
                      onConfirm={() => revoke.mutate(link.id)}
                      testId="kiosk-revoke"
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

/** The server may answer a path (`/?kiosk=…`) or a full URL; the admin needs the full one to copy. */
export function absoluteUrl(url: string, origin: string = window.location.origin): string {
  try {
    return new URL(url, origin).toString();
  } catch {
    return url;
  }
}
