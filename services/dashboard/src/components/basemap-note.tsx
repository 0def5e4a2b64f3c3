import type { CityView } from '../api/city.js';

/**
 * Says why the map is plain when it is: the pack has no basemap, or names one that is not installed. Nobody
 * at the wall should take a missing basemap for an empty city or a broken screen.
 */
export function BasemapNote({ city }: { city: CityView }) {
  const { basemap } = city;
  if (basemap.status === 'ok') return null;
  const what = basemap.status === 'missing' ? `Basemap ${basemap.file} is missing` : 'No basemap installed';
  const shown = city.buildings ? 'districts and buildings' : 'districts';
  return (
    <p className="basemap-note" data-testid="basemap-note" data-basemap-status={basemap.status} role="note">
      <strong>{what}</strong> · the map shows the city pack's {shown} only
    </p>
  );
}
