export type {
  Attribution,
  BasemapStatus,
  BuildingCollection,
  BuildingFeature,
  CityPackManifest,
  CityView,
  DistrictCollection,
  DistrictFeature,
  Open311Service,
  PackDepartment,
  PolygonGeometry,
  ResponseTargets,
} from './city-pack.js';
export { CityPackError, isKnownTimeZone, validateManifest } from './city-pack.js';
export {
  type CityPackFile,
  CityPackSchema,
  cityPackJsonSchema,
  PackDepartmentSchema,
} from './city-pack-schema.js';
export {
  ciede2000,
  closestColorPair,
  colorDifference,
  DEPARTMENT_COLOR_FLOORS,
  simulateVision,
  VISIONS,
  type Vision,
} from './color-difference.js';
export { createDistrictIndex, type DistrictIndex } from './district-index.js';
export { layerBBox, parseJsonText, readBuildings, readDistricts } from './geojson-layers.js';
export { type CellBounds, cellBounds, gridCell, gridCellId, parseCellId } from './grid.js';
export { type CityPack, loadCityPack, type PackBasemap } from './load-city-pack.js';
export { validatePackRules } from './pack-rules.js';
export { createPlacer, type Placement, type Placer, UNPLACED } from './placement.js';
export { STARTER_DEPARTMENTS } from './starter-departments.js';
