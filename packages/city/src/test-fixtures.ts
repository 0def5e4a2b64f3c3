/** Small cities made in the tests: squares of `size` degrees in a row, somewhere that is not San Francisco. */
export function square(west: number, south: number, size: number): number[][][] {
  return [
    [
      [west, south],
      [west + size, south],
      [west + size, south + size],
      [west, south + size],
      [west, south],
    ],
  ];
}

/** Districts side by side from (west, south), each `size` degrees square, with the names given. */
export function squareDistricts(names: string[], west = 11.5, south = 48.1, size = 0.01, nameField = 'name') {
  return {
    type: 'FeatureCollection',
    features: names.map((name, i) => ({
      type: 'Feature',
      properties: { [nameField]: name, tooling_id: i },
      geometry: { type: 'Polygon', coordinates: square(west + i * size, south, size) },
    })),
  };
}

/** Buildings: small squares at the given south-west corners, with heights in `heightField`. */
export function squareBuildings(corners: [number, number, unknown][], size = 0.001, heightField = 'height') {
  return {
    type: 'FeatureCollection',
    features: corners.map(([west, south, height]) => ({
      type: 'Feature',
      properties: { [heightField]: height, osm_id: 1 },
      geometry: { type: 'Polygon', coordinates: square(west, south, size) },
    })),
  };
}
