import { isAdmin, type Principal } from '@twin/domain';
import { KioskLinksSection } from '../components/admin/kiosk-links-section.js';
import { TokensSection } from '../components/admin/tokens-section.js';
import { UsersSection } from '../components/admin/users-section.js';

/** Users & access (admin only; the server refuses everyone else with 403 anyway). */
export function AdminPanel({ me }: { me: Principal }) {
  if (!isAdmin(me)) {
    return (
      <aside className="panel panel--access" aria-label="Users and access" data-testid="admin-forbidden">
        <h1>Users &amp; access</h1>
        <p>Only administrators manage users, API tokens and kiosk links.</p>
      </aside>
    );
  }
  return (
    <aside className="panel panel--access" aria-label="Users and access" data-testid="admin-panel">
      <h1>Users &amp; access</h1>
      <UsersSection me={me} />
      <TokensSection me={me} />
      <KioskLinksSection />
    </aside>
  );
}
