export type {
  Attribution,
  CityPackManifest,
  CityView,
  DistrictCollection,
  DistrictFeature,
} from './city-pack.js';
export { validateManifest } from './city-pack.js';
export { createDistrictIndex, type DistrictIndex } from './district-index.js';
export { type CellBounds, cellBounds, gridCell, gridCellId, parseCellId } from './grid.js';
export { createPlacer, type Placement, type Placer, UNPLACED } from './placement.js';
