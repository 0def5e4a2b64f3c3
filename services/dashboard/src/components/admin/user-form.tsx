import type { Department, Role } from '@twin/domain';
import { type FormEvent, useState } from 'react';
import {
  ROLE_HINTS,
  ROLE_OPTIONS,
  roleLabel,
  type UserFormValues,
  type ValidUser,
  validateUserForm,
} from '../../lib/access.js';
import { DepartmentOptions } from '../department-options.js';

interface UserFormProps {
  mode: 'create' | 'edit';
  initial: UserFormValues;
  departments: readonly Department[];
  pending: boolean;
  submitLabel: string;
  onSubmit: (user: ValidUser) => void;
  onCancel: () => void;
}

/** Create a user, or change one's display name, role and department (the user name stays). */
export function UserForm({
  mode,
  initial,
  departments,
  pending,
  submitLabel,
  onSubmit,
  onCancel,
}: UserFormProps) {
  const [values, setValues] = useState<UserFormValues>(initial);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<UserFormValues>) => setValues((v) => ({ ...v, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = validateUserForm(values, { requirePassword: mode === 'create' });
    if ('error' in result) {
      setError(result.error);
      return;
    }
    setError(null);
    onSubmit(result.user);
  };

  return (
    <form className="access__form" onSubmit={submit} data-testid={`user-form-${mode}`}>
      <fieldset disabled={pending}>
        {mode === 'create' && (
          <label>
            <span>User name</span>
            <input
              name="username"
              autoComplete="off"
              spellCheck={false}
              required
              maxLength={100}
              value={values.username}
              onChange={(e) => set({ username: e.target.value })}
              data-testid="user-username"
            />
          </label>
        )}
        <label>
          <span>Display name</span>
          <input
            name="displayName"
            autoComplete="off"
            maxLength={200}
            value={values.displayName}
            placeholder={values.username || 'Jane Doe'}
            onChange={(e) => set({ displayName: e.target.value })}
            data-testid="user-display-name"
          />
        </label>
        <label>
          <span>Role</span>
          <select
            value={values.role}
            onChange={(e) => set({ role: e.target.value as Role })}
            data-testid="user-role-select"
          >
            {ROLE_OPTIONS.map((role) => (
              <option key={role} value={role}>
                {roleLabel(role)} — {ROLE_HINTS[role]}
              </option>
            ))}
          </select>
        </label>
        {values.role === 'lead' && (
          <label>
            <span>Department</span>
            <select
              value={values.department}
              onChange={(e) => set({ department: e.target.value })}
              data-testid="user-department"
            >
              <option value="">Choose…</option>
              <DepartmentOptions departments={departments} />
            </select>
          </label>
        )}
        {mode === 'create' && (
          <label>
            <span>First password</span>
            <input
              name="new-password"
              type="password"
              autoComplete="new-password"
              required
              maxLength={1000}
              value={values.password}
              onChange={(e) => set({ password: e.target.value })}
              data-testid="user-password"
            />
          </label>
        )}
        {error && (
          <p className="access__error" role="alert">
            {error}
          </p>
        )}
        <div className="access__form-buttons">
          <button type="submit" className="access__primary" data-testid={`user-${mode}-submit`}>
            {pending ? 'Saving…' : submitLabel}
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </fieldset>
    </form>
  );
}
