export type {
  Attribution,
  CityPackManifest,
  CityView,
  DistrictCollection,
  DistrictFeature,
} from './city-pack.js';
export { validateManifest } from './city-pack.js';
export { createDistrictIndex, type DistrictIndex } from './district-index.js';
export { gridCellId } from './grid.js';
