/**
 * Process-wide MapLibre set-up, done once before the first map is created.
 */
import * as maplibregl from 'maplibre-gl';
// NOTE: MapLibre 6 builds its worker URL at run time from import.meta.url, which a bundler cannot follow:
// the file would be missing from dist. `?url` makes Vite copy the (self-contained, ES module) worker into
// dist/assets with a hashed name, and setWorkerUrl points MapLibre at it. The server must send it as
// text/javascript, or the browser refuses to start a module worker.
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { Protocol } from 'pmtiles';

let done = false;

export function setupMapLibre(): void {
  if (done) return;
  done = true;
  maplibregl.setWorkerUrl(workerUrl);
  const protocol = new Protocol();
  maplibregl.addProtocol('pmtiles', protocol.tile);
}
