/**
 * React's view of the live sensor store. Each hook wakes its component only for the changes it shows: the
 * map for markers (structure, style), the wall's note and the department check for the list's shape, the
 * nearby-sensors panel for values too.
 */
import type { SensorView } from '@twin/domain';
import { createContext, type ReactNode, useCallback, useContext, useSyncExternalStore } from 'react';
import type { SensorLayerData, SensorStore } from './sensor-store.js';

const SensorStoreContext = createContext<SensorStore | null>(null);

export function SensorStoreProvider({ store, children }: { store: SensorStore; children: ReactNode }) {
  return <SensorStoreContext.Provider value={store}>{children}</SensorStoreContext.Provider>;
}

export function useSensorStore(): SensorStore {
  const store = useContext(SensorStoreContext);
  if (!store) throw new Error('the live sensors need a SensorStoreProvider');
  return store;
}

function useStoreValue<T>(read: (store: SensorStore) => T): T {
  const store = useSensorStore();
  const subscribe = useCallback((onChange: () => void) => store.subscribe(onChange), [store]);
  return useSyncExternalStore(
    subscribe,
    () => read(store),
    () => read(store),
  );
}

const readLayerData = (store: SensorStore) => store.layerData();
const readStructure = (store: SensorStore) => String(store.structureVersion);
const readReadings = (store: SensorStore) => `${store.structureVersion}:${store.readingsVersion}`;
const readDepartments = (store: SensorStore) => store.departmentIds();
const readAnySimulated = (store: SensorStore) => store.anySimulated();
const readKinds = (store: SensorStore) => store.kinds();

/** The map's binary data: a new object only when a marker changed (never for values alone). */
export function useSensorLayerData(): SensorLayerData {
  return useStoreValue(readLayerData);
}

export interface LiveSensors {
  sensors: readonly SensorView[];
  /** False until the first snapshot from the live socket. */
  loaded: boolean;
  /** Changes when the list changes shape (sensors added, moved, status), not on readings. */
  structureVersion: number;
}

/**
 * Every live sensor. With `withReadings` the component re-renders on every readings delta too (for values
 * on screen); without, only when the list changes shape.
 */
export function useLiveSensors({ withReadings = false } = {}): LiveSensors {
  const store = useSensorStore();
  useStoreValue(withReadings ? readReadings : readStructure);
  return { sensors: store.all(), loaded: store.loaded, structureVersion: store.structureVersion };
}

export function useSensorDepartmentIds(): ReadonlySet<string> {
  return useStoreValue(readDepartments);
}

/** The kinds of the live sensors present (re-renders only when a kind appears or goes). */
export function useSensorKinds(): ReadonlySet<string> {
  return useStoreValue(readKinds);
}

export function useAnySimulatedSensor(): boolean {
  return useStoreValue(readAnySimulated);
}
