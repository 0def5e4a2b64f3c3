/**
 * The departments a newly imported city starts with when the importer is given no list of its own
 * (`--departments`), and that the demo feed plays when a pack lists none: the common public-safety and
 * public-works services. Edit the pack's city.json to use the city's real agencies.
 */
import type { PackDepartment } from './city-pack.js';

export const STARTER_DEPARTMENTS: readonly PackDepartment[] = [
  { id: 'fire', name: 'Fire', shortName: 'Fire', color: '#ff5238', icon: 'fire' },
  { id: 'ems', name: 'Emergency Medical', shortName: 'EMS', color: '#ffc400', icon: 'ambulance' },
  { id: 'police', name: 'Police', shortName: 'Police', color: '#408cff', icon: 'shield' },
  { id: 'public-works', name: 'Public Works', shortName: 'DPW', color: '#aa78ff', icon: 'wrench' },
  { id: 'transport', name: 'Transport', shortName: 'Transit', color: '#00d2c8', icon: 'bus' },
  { id: 'environment', name: 'Environment', shortName: 'Env', color: '#5adc5a', icon: 'leaf' },
  { id: 'water', name: 'Water', shortName: 'Water', color: '#3cbeff', icon: 'droplet' },
];
