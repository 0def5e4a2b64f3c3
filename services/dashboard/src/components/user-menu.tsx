import type { Principal } from '@twin/domain';
import { useEffect, useId, useRef, useState } from 'react';
import { useDepartments } from '../hooks/use-department-colors.js';
import { roleAndDepartment } from '../lib/access.js';
import { plainApiError } from '../lib/api-errors.js';
import { useSignOut } from '../session/use-me.js';
import { ChangePasswordDialog } from './change-password-dialog.js';

/**
 * Who is signed in (name, role, department), their own password, and the way out. Closes on Escape and on a
 * click elsewhere.
 */
export function UserMenu({ me }: { me: Principal }) {
  const [open, setOpen] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();
  const signOut = useSignOut();
  const { departments } = useDepartments();
  const nameOf = (id: string) => departments.find((d) => d.id === id)?.name ?? id;
  const summary = roleAndDepartment(me, nameOf);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="user-menu" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="user-menu__button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
        data-testid="user-menu"
        title={`${me.displayName} — ${summary}`}
      >
        {/* NOTE: one line, so the navigation keeps its height over the panels; the role is in the menu. */}
        <span className="user-menu__name">{me.displayName}</span>
        <span className="visually-hidden"> — {summary}</span>
      </button>
      {open && (
        <div id={menuId} className="user-menu__popover" data-testid="user-menu-popover">
          <p className="user-menu__who">
            <strong>{me.displayName}</strong>
            <span className="user-menu__username">{me.username}</span>
          </p>
          <dl className="user-menu__facts">
            <dt>Role</dt>
            <dd data-testid="user-role">{summary}</dd>
          </dl>
          {me.kind === 'session' && (
            <button
              type="button"
              className="user-menu__item"
              data-testid="change-password"
              onClick={() => {
                setOpen(false);
                setChangingPassword(true);
              }}
            >
              Change password
            </button>
          )}
          <button
            type="button"
            className="user-menu__sign-out"
            data-testid="sign-out"
            disabled={signOut.isPending}
            onClick={() => signOut.mutate()}
          >
            {signOut.isPending ? 'Signing out…' : 'Sign out'}
          </button>
          {signOut.error && (
            <p className="user-menu__error" role="alert">
              Not signed out: {plainApiError(signOut.error)}
            </p>
          )}
        </div>
      )}
      {changingPassword && (
        <ChangePasswordDialog
          username={me.username}
          onClose={() => {
            setChangingPassword(false);
            buttonRef.current?.focus();
          }}
        />
      )}
    </div>
  );
}

/** On a kiosk wall: a discreet note that this screen is a read-only display, and nothing to click. */
export function KioskBadge({ me }: { me: Principal }) {
  return (
    <div className="kiosk-badge" data-testid="kiosk-badge" title={me.displayName}>
      Wall display · read only
    </div>
  );
}
