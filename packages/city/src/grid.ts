/**
 * A fixed grid over the city for aggregates ("incidents per cell"). Cells are ~500 m squares in
 * degrees scaled at the city's latitude; the id is stable across runs, so it can be stored with a row.
 */
export function gridCellId(lon: number, lat: number, cellMeters = 500): string {
  const dLat = cellMeters / 111_320;
  const row = Math.floor(lat / dLat);
  // NOTE: the width comes from the row's own latitude, so every cell of a row is a true rectangle.
  const rowLat = (row + 0.5) * dLat;
  const dLon = cellMeters / (111_320 * Math.cos((rowLat * Math.PI) / 180));
  return `${row}:${Math.floor(lon / dLon)}`;
}
