import { useQuery } from '@tanstack/react-query';
import { type Department, type IncidentView, UNIT_STATUSES, type UnitView } from '@twin/domain';
import { memo, useMemo } from 'react';
import { unitsQuery } from '../../api/boards.js';
import { ApiError } from '../../api/http.js';
import { useAgeNow } from '../../hooks/use-age-now.js';
import { type ColorOf, cssColor } from '../../layers/colors.js';
import { shortNameOf } from '../../lib/departments.js';
import { incidentTitle, type NameOf } from '../../lib/incidents.js';
import {
  sortUnits,
  unitDuration,
  unitStatusLabel,
  unitStatusMark,
  unitsByDepartment,
} from '../../lib/units.js';
import { FittingList } from './fitting-list.js';
import { UnitStatusKey } from './unit-status-key.js';

function unavailable(error: Error): string {
  if (error instanceof ApiError && error.status === 404) return 'This server does not report units yet.';
  return `Units unavailable: ${error.message}`;
}

interface UnitsBoardProps {
  departments: readonly Department[];
  incidents: readonly IncidentView[];
  colorOf: ColorOf;
  nameOf: NameOf;
}

/**
 * Every unit of every department: per department how many have each status, then the units themselves,
 * busiest and longest first, with the incident each is on and for how long (as many whole rows as fit).
 */
export function UnitsBoard({ departments, incidents, colorOf, nameOf }: UnitsBoardProps) {
  const { data, error, isPending } = useQuery(unitsQuery);
  const now = useAgeNow(10_000);
  const units = data?.units;
  const groups = useMemo(() => unitsByDepartment(units ?? [], departments), [units, departments]);
  const sorted = useMemo(() => sortUnits(units ?? []), [units]);
  const titles = useMemo(
    () => new Map(incidents.map((i) => [i.incidentId, incidentTitle(i, nameOf)])),
    [incidents, nameOf],
  );
  if (!data) {
    return (
      <section className="units-board" aria-label="Units" data-testid="units-board">
        <h2 className="wall-heading">Units</h2>
        <p className="fit-list__empty">{isPending ? 'Loading units…' : error ? unavailable(error) : ''}</p>
      </section>
    );
  }
  return (
    <section className="units-board" aria-label="Units" data-testid="units-board">
      <h2 className="wall-heading">
        Units{error && <span className="kpi__stale"> · not updated: {error.message}</span>}
      </h2>
      <UnitStatusKey />
      <ul className="units-board__summary" aria-label="Units per department and status">
        {groups.map((g) => (
          <li
            key={g.department.id}
            className="units-board__department"
            data-testid="unit-summary"
            data-department={g.department.id}
          >
            <span
              className="swatch"
              style={{ background: cssColor(g.department.color) }}
              aria-hidden="true"
            />
            {/* NOTE: the short name fits beside six status counts at every wall size; the full one is the tooltip. */}
            <span className="units-board__department-name" title={g.department.name}>
              {shortNameOf(g.department)}
            </span>
            <span className="units-board__counts">
              {UNIT_STATUSES.filter((s) => g.counts[s] > 0).map((s) => (
                <span
                  key={s}
                  className={`unit-status unit-status--${s}`}
                  title={`${g.counts[s]} ${unitStatusLabel(s).toLowerCase()}`}
                >
                  <span aria-hidden="true">{unitStatusMark(s)}</span> {g.counts[s]}
                  <span className="visually-hidden"> {unitStatusLabel(s).toLowerCase()}</span>
                </span>
              ))}
            </span>
          </li>
        ))}
      </ul>
      <FittingList
        className="units-list"
        label="Units, busiest first"
        items={sorted}
        emptyText="No units reported."
        moreText={(hidden) => `+${hidden} more units`}
        renderRow={(unit: UnitView) => (
          <UnitRow
            key={`${unit.department}/${unit.unit}`}
            unit={unit}
            title={unit.incidentId ? (titles.get(unit.incidentId) ?? `incident ${unit.incidentId}`) : ''}
            now={now}
            colorOf={colorOf}
            nameOf={nameOf}
          />
        )}
      />
    </section>
  );
}

interface UnitRowProps {
  unit: UnitView;
  /** The incident it is on, in words ('' when on none). */
  title: string;
  now: number;
  colorOf: ColorOf;
  nameOf: NameOf;
}

/** One unit; renders again only when the unit, its incident's title or the 10 s clock changes. */
const UnitRow = memo(function UnitRow({ unit, title, now, colorOf, nameOf }: UnitRowProps) {
  return (
    <li
      className={`fit-list__row unit-row unit-row--${unit.status}`}
      data-testid="unit-row"
      data-unit={unit.unit}
      data-status={unit.status}
      title={`Unit ${unit.unit} · ${nameOf(unit.department)} · ${unitStatusLabel(unit.status)} for ${unitDuration(unit, now)}${title ? ` · ${title}` : ''}`}
    >
      <span
        className="swatch"
        style={{ background: cssColor(colorOf(unit.department)) }}
        aria-hidden="true"
      />
      <span className="unit-row__name">{unit.unit}</span>
      <span className={`unit-status unit-status--${unit.status}`}>
        <span aria-hidden="true">{unitStatusMark(unit.status)}</span> {unitStatusLabel(unit.status)}
      </span>
      <span className="unit-row__incident">{title}</span>
      <span className="unit-row__for">{unitDuration(unit, now)}</span>
    </li>
  );
});
