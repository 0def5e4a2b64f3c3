export { type ImportCityOptions, type ImportCityResult, importCity } from './import-city.js';
export { type CityPack, loadCityPack, type PackBasemap } from './load-city-pack.js';
