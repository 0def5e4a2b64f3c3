export { type CityPack, loadCityPack } from './load-city-pack.js';
