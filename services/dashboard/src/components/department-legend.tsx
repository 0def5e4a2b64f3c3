import type { Department } from '@twin/domain';
import { type ColorOf, cssColor } from '../layers/colors.js';
import { legendEntries, shortNameOf } from '../lib/departments.js';

interface DepartmentLegendProps {
  departments: readonly Department[];
  counts: Map<string, number>;
  colorOf: ColorOf;
  /** The department list has not arrived yet: a neutral placeholder, never a built-in list. */
  loading?: boolean;
  /** Departments with nothing open are shown dimmed, not hidden, so the legend never jumps around. */
  large?: boolean;
  /**
   * Each name with the short name the boards use for it ("Emergency Medical EMS"), so an abbreviation on the
   * wall is explained on the wall itself.
   */
  withShortNames?: boolean;
}

/**
 * Open incidents per department: the city pack's departments, then the unlisted ones (departments the pack
 * does not list that sent data), marked as such and drawn with a hatched swatch in their muted colour.
 */
export function DepartmentLegend({
  departments,
  counts,
  colorOf,
  loading = false,
  large = false,
  withShortNames = false,
}: DepartmentLegendProps) {
  if (loading && departments.length === 0)
    return (
      <p className="legend legend--loading" aria-busy="true">
        Loading departments…
      </p>
    );
  return (
    <ul className={`legend${large ? ' legend--large' : ''}`} aria-label="Open incidents per department">
      {legendEntries(departments, counts).map(({ department: d, count }) => (
        <li
          key={d.id}
          className={count === 0 ? 'legend__item legend__item--zero' : 'legend__item'}
          data-testid="legend-item"
          data-department={d.id}
          data-listed={d.listed}
        >
          <span
            className={d.listed ? 'swatch' : 'swatch swatch--unlisted'}
            style={{ backgroundColor: cssColor(colorOf(d.id)) }}
            aria-hidden="true"
          />
          <span className="legend__name">
            {d.name}
            {withShortNames && shortNameOf(d) !== d.name && (
              <span className="legend__short" data-testid="legend-short-name">
                {shortNameOf(d)}
              </span>
            )}
            {!d.listed && (
              <span
                className="tag-unlisted"
                title="Not listed by the city pack: registered when it first sent data"
              >
                unlisted
              </span>
            )}
          </span>
          <span className="legend__count" data-testid="department-count" data-department={d.id}>
            {count}
          </span>
        </li>
      ))}
    </ul>
  );
}
