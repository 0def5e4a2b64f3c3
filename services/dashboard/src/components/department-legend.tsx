import type { Department } from '@twin/domain';
import { type ColorOf, cssColor } from '../layers/colors.js';

interface DepartmentLegendProps {
  departments: readonly Department[];
  counts: Map<string, number>;
  colorOf: ColorOf;
  /** Departments with nothing open are shown dimmed, not hidden, so the legend never jumps around. */
  large?: boolean;
}

export function DepartmentLegend({ departments, counts, colorOf, large = false }: DepartmentLegendProps) {
  return (
    <ul className={`legend${large ? ' legend--large' : ''}`} aria-label="Open incidents per department">
      {departments.map((d) => {
        const count = counts.get(d.id) ?? 0;
        return (
          <li key={d.id} className={count === 0 ? 'legend__item legend__item--zero' : 'legend__item'}>
            <span className="swatch" style={{ background: cssColor(colorOf(d.id)) }} aria-hidden="true" />
            <span className="legend__name">{d.name}</span>
            <span className="legend__count" data-testid="department-count" data-department={d.id}>
              {count}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
