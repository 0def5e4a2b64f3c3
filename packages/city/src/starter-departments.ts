/**
 * The departments a newly imported city starts with when the importer is given no list of its own
 * (`--departments`), and that the demo feed plays when a pack lists none: the common public-safety and
 * public-works services. Edit the pack's city.json to use the city's real agencies. Their colours are
 * San Francisco's: every pair is ΔE00 ≥ 20 apart, and still apart with the common colour-vision
 * deficiencies (color-difference.ts).
 */
import type { PackDepartment } from './city-pack.js';

export const STARTER_DEPARTMENTS: readonly PackDepartment[] = [
  { id: 'fire', name: 'Fire', shortName: 'Fire', color: '#fe4d34', icon: 'fire' },
  { id: 'ems', name: 'Emergency Medical', shortName: 'EMS', color: '#f1aa07', icon: 'ambulance' },
  { id: 'police', name: 'Police', shortName: 'Police', color: '#67a4e9', icon: 'shield' },
  { id: 'public-works', name: 'Public Works', shortName: 'DPW', color: '#cf27ff', icon: 'wrench' },
  { id: 'transport', name: 'Transport', shortName: 'Transit', color: '#f679ae', icon: 'bus' },
  { id: 'environment', name: 'Environment', shortName: 'Env', color: '#a1f47a', icon: 'leaf' },
  { id: 'water', name: 'Water', shortName: 'Water', color: '#62e9de', icon: 'droplet' },
];
