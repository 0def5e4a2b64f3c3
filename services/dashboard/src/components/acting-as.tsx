import type { Department } from '@twin/domain';
import type { ActingRule } from '../session/acting-department.js';
import { DepartmentOptions } from './department-options.js';

interface ActingAsProps {
  rule: ActingRule;
  acting: string | null;
  departments: readonly Department[];
  onChoose: (department: string) => void;
}

/**
 * Who the actions go out as: a lead's department shown as a fact, a picker for command and admin. Read-only
 * roles see nothing here (and no actions); a lead without a department is told why.
 */
export function ActingAs({ rule, acting, departments, onChoose }: ActingAsProps) {
  if (rule.kind === 'none') {
    return rule.reason === 'no-department' ? (
      <p className="actions__acting actions__acting--missing" role="note" data-testid="acting-department">
        Your account has no department, so you cannot act on incidents. Ask an administrator to set one.
      </p>
    ) : null;
  }
  if (rule.kind === 'own') {
    const name = departments.find((d) => d.id === rule.department)?.name ?? rule.department;
    return (
      <p className="actions__acting" data-testid="acting-department" data-department={rule.department}>
        Acting as <strong>{name}</strong>
      </p>
    );
  }
  return (
    <label className="actions__acting">
      Acting for
      <select
        data-testid="acting-department"
        data-department={acting ?? ''}
        value={acting ?? ''}
        onChange={(e) => onChoose(e.target.value)}
      >
        <DepartmentOptions departments={departments} />
      </select>
    </label>
  );
}
