import type { Department } from '@twin/domain';

/** The `<option>`s of a department picker; the caller owns the `<select>` and any "All"/"Choose…" entry. */
export function DepartmentOptions({ departments }: { departments: readonly Department[] }) {
  return (
    <>
      {departments.map((d) => (
        <option key={d.id} value={d.id}>
          {d.listed ? d.name : `${d.name} (unlisted)`}
        </option>
      ))}
    </>
  );
}
