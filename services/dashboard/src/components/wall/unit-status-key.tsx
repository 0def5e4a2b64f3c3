import { UNIT_STATUSES } from '@twin/domain';
import { unitStatusLabel, unitStatusMark } from '../../lib/units.js';

/**
 * What each unit-status mark and colour means, on the board itself: the wall is unattended, so a hover-only
 * tooltip would never be read. Every status is listed, whether or not a unit has it now, so the key never
 * jumps around and a status that appears later is already explained.
 */
export function UnitStatusKey() {
  return (
    <ul className="unit-key" aria-label="Unit statuses" data-testid="unit-status-key">
      {UNIT_STATUSES.map((status) => (
        <li key={status} className={`unit-key__item unit-status--${status}`} data-status={status}>
          <span aria-hidden="true">{unitStatusMark(status)}</span> {unitStatusLabel(status).toLowerCase()}
        </li>
      ))}
    </ul>
  );
}
