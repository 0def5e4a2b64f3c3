import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The ingest service serves the API, the live socket, the tiles and the built dashboard on one origin.
// In development Vite serves the dashboard and forwards everything else to it, so code never needs a base URL.
const SERVER = 'http://127.0.0.1:8080';

export default defineConfig({
  // NOTE: pinned to this folder so `vite build` gives the same output whatever the working directory is.
  root: new URL('.', import.meta.url).pathname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // MapLibre and deck.gl are large by nature; the warning would only be noise.
    chunkSizeWarningLimit: 2500,
  },
  server: {
    proxy: {
      '/api': { target: SERVER, ws: true, changeOrigin: false },
      '/tiles': SERVER,
      '/docs': SERVER,
      '/healthz': SERVER,
    },
  },
  preview: {
    proxy: {
      '/api': { target: SERVER, ws: true },
      '/tiles': SERVER,
      '/docs': SERVER,
      '/healthz': SERVER,
    },
  },
});
