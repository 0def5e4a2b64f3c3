import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Principal } from '@twin/domain';
import { useState } from 'react';
import {
  type AdminUser,
  adminKeys,
  createUser,
  deleteUser,
  type UserPatch,
  updateUser,
  usersQuery,
} from '../../api/admin.js';
import { useDepartments } from '../../hooks/use-department-colors.js';
import { useNow } from '../../hooks/use-now.js';
import { formatAgo, roleAndDepartment } from '../../lib/access.js';
import { plainApiError } from '../../lib/api-errors.js';
import { ME_QUERY_KEY } from '../../session/use-me.js';
import { ConfirmButton } from './confirm-button.js';
import { PasswordResetForm } from './password-reset-form.js';
import { UserForm } from './user-form.js';

type Editing = { userId: string; what: 'details' | 'password' } | null;

const NEW_USER = { username: '', displayName: '', role: 'lead', department: '', password: '' } as const;

/** Every user: create, change role/department/name, set a new password, disable, delete. */
export function UsersSection({ me }: { me: Principal }) {
  const queryClient = useQueryClient();
  const users = useQuery(usersQuery);
  const { departments } = useDepartments();
  const nameOf = (id: string) => departments.find((d) => d.id === id)?.name ?? id;
  const now = useNow(30_000);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Editing>(null);
  const [done, setDone] = useState<string | null>(null);

  const afterChange = (message: string, userId?: string) => {
    setDone(message);
    setEditing(null);
    void queryClient.invalidateQueries({ queryKey: adminKeys.users() });
    // NOTE: an admin changing their own account (name, role) must see it in the user menu at once.
    if (userId === me.id) void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
  };

  const create = useMutation({
    mutationFn: createUser,
    onSuccess: (user) => {
      setCreating(false);
      afterChange(`Created ${user.username ?? 'the user'}.`);
    },
  });
  const update = useMutation({
    mutationFn: ({ user, patch }: { user: AdminUser; patch: UserPatch; message: string }) =>
      updateUser(user.id, patch),
    onSuccess: (_data, { user, message }) => afterChange(message, user.id),
  });
  const remove = useMutation({
    mutationFn: (user: AdminUser) => deleteUser(user.id),
    onSuccess: (_data, user) => afterChange(`Deleted ${user.username}.`),
  });
  const error = create.error ?? update.error ?? remove.error;
  const busy = create.isPending || update.isPending || remove.isPending;
  const resetFeedback = () => {
    create.reset();
    update.reset();
    remove.reset();
    setDone(null);
  };

  return (
    <section className="access__section" aria-labelledby="access-users" data-testid="admin-users">
      <header className="access__section-header">
        <h2 id="access-users">Users</h2>
        {!creating && (
          <button
            type="button"
            className="access__primary"
            onClick={() => {
              resetFeedback();
              setCreating(true);
            }}
            data-testid="user-new"
          >
            New user
          </button>
        )}
      </header>
      {creating && (
        <UserForm
          mode="create"
          initial={NEW_USER}
          departments={departments}
          pending={create.isPending}
          submitLabel="Create user"
          onSubmit={(user) => create.mutate(user)}
          onCancel={() => setCreating(false)}
        />
      )}
      <Feedback error={error} done={done} />
      {users.isPending && <p className="empty">Loading users…</p>}
      {users.error && (
        <p className="access__error" role="alert">
          Cannot load the users: {plainApiError(users.error)}
        </p>
      )}
      {users.data && (
        <table className="access__table" data-testid="users-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">Last sign-in</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((user) => {
              const self = user.id === me.id;
              const editingThis = editing?.userId === user.id ? editing.what : null;
              return (
                <tr
                  key={user.id}
                  data-user={user.username}
                  className={user.disabled ? 'access__row--disabled' : ''}
                >
                  <td>
                    <strong>{user.displayName}</strong>
                    <span className="access__sub">
                      {user.username}
                      {self ? ' (you)' : ''}
                      {user.disabled ? ' · disabled' : ''}
                    </span>
                  </td>
                  <td>{roleAndDepartment(user, nameOf)}</td>
                  <td>{formatAgo(user.lastSignInAt, now)}</td>
                  <td className="access__row-actions">
                    {editingThis === 'details' ? (
                      <UserForm
                        mode="edit"
                        initial={{
                          username: user.username,
                          displayName: user.displayName,
                          role: user.role,
                          department: user.department ?? '',
                          password: '',
                        }}
                        departments={departments}
                        pending={update.isPending}
                        submitLabel="Save"
                        onSubmit={(valid) =>
                          update.mutate({
                            user,
                            patch: {
                              displayName: valid.displayName,
                              role: valid.role,
                              department: valid.department,
                            },
                            message: `Saved ${user.username}.`,
                          })
                        }
                        onCancel={() => setEditing(null)}
                      />
                    ) : editingThis === 'password' ? (
                      <PasswordResetForm
                        username={user.username}
                        pending={update.isPending}
                        onSubmit={(password) =>
                          update.mutate({
                            user,
                            patch: { password },
                            message: `New password set for ${user.username}.`,
                          })
                        }
                        onCancel={() => setEditing(null)}
                      />
                    ) : (
                      <>
                        <button
                          type="button"
                          disabled={busy}
                          onClick={() => {
                            resetFeedback();
                            setEditing({ userId: user.id, what: 'details' });
                          }}
                          data-testid="user-edit"
                        >
                          Edit
                        </button>
                        <button
                          type="button"
                          disabled={busy}
                          onClick={() => {
                            resetFeedback();
                            setEditing({ userId: user.id, what: 'password' });
                          }}
                          data-testid="user-reset-password"
                        >
                          Reset password
                        </button>
                        {user.disabled ? (
                          <button
                            type="button"
                            disabled={busy}
                            onClick={() =>
                              update.mutate({
                                user,
                                patch: { disabled: false },
                                message: `Enabled ${user.username}.`,
                              })
                            }
                            data-testid="user-enable"
                          >
                            Enable
                          </button>
                        ) : (
                          <ConfirmButton
                            label="Disable"
                            question={`Disable ${user.username}? They cannot sign in until enabled again.`}
                            confirmLabel="Disable"
                            disabled={busy || self}
                            onConfirm={() =>
                              update.mutate({
                                user,
                                patch: { disabled: true },
                                message: `Disabled ${user.username}.`,
                              })
                            }
                            testId="user-disable"
                          />
                        )}
                        <ConfirmButton
                          label="Delete"
                          question={`Delete ${user.username} for good? This cannot be undone.`}
                          confirmLabel="Delete"
                          disabled={busy || self}
                          onConfirm={() => remove.mutate(user)}
                          testId="user-delete"
                        />
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Feedback({ error, done }: { error: unknown; done: string | null }) {
  if (error) {
    return (
      <p className="access__error" role="alert" data-testid="access-error">
        {plainApiError(error)}
      </p>
    );
  }
  return done ? (
    <p className="access__done" role="status">
      {done}
    </p>
  ) : null;
}
