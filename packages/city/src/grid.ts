/**
 * A fixed grid over the city for aggregates ("incidents per cell"). Cells are ~500 m squares in
 * degrees scaled at the city's latitude; the id is stable across runs, so it can be stored with a row.
 */
export function gridCellId(lon: number, lat: number, cellMeters = 500): string {
  const dLat = cellMeters / 111_320;
  const dLon = cellMeters / (111_320 * Math.cos((lat * Math.PI) / 180));
  return `${Math.floor(lat / dLat)}:${Math.floor(lon / dLon)}`;
}
