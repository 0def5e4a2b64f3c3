/**
 * Start-up: one query client, one live socket feeding it (while someone is signed in), history sync, then
 * React. Clients are created here rather than at import time, so every module stays importable in tests.
 */
import { notifyManager, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './api/http.js';
import { App } from './app.js';
import { applyLiveMessage } from './live/live-cache.js';
import { createLiveDecoder, type WorkerLike } from './live/live-decoder.js';
import { LiveSocket, liveUrl } from './live/live-socket.js';
import { LiveSocketProvider } from './live/live-socket-context.js';
import { measureLiveUpdate } from './live/live-timing.js';
import { nextTask } from './live/next-task.js';
import { SensorStore } from './live/sensor-store.js';
import { SensorStoreProvider } from './live/sensor-store-context.js';
import { startSessionSync } from './session/session-sync.js';
import { startHistorySync } from './state/ui-store.js';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // NOTE: a 4xx will not get better by asking again; a down server is retried a few times, then the
      // live socket's next snapshot triggers a refetch of whatever failed (see live-cache.ts).
      retry: (failureCount, error) =>
        failureCount < 3 && !(error instanceof ApiError && error.status >= 400 && error.status < 500),
      retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 10_000),
      refetchOnWindowFocus: false,
    },
  },
});

// NOTE: the query cache tells its observers in a later task (TanStack's default); timed as live-update work
// (live-timing.ts) since live deltas are most of what it is told, so the wall bench counts those renders too.
notifyManager.setScheduler((callback) => setTimeout(() => measureLiveUpdate(callback), 0));

// NOTE: the live socket's messages are parsed in a worker: at 50,000 sensors parsing them here made the
// wall's longest live-update tasks. Vite bundles the worker from this `new URL(…, import.meta.url)` form.
const decoder = createLiveDecoder(
  () =>
    new Worker(new URL('./live/live-decode.worker.ts', import.meta.url), {
      type: 'module',
      name: 'live-decoder',
    }) as unknown as WorkerLike,
);
const socket = new LiveSocket(liveUrl(window.location), { decoder });
const nextSensorTask = nextTask();
const sensors = new SensorStore({
  scheduleNotify: (flush) => nextSensorTask(() => measureLiveUpdate(flush)),
});
socket.onMessage((message, readings) =>
  applyLiveMessage(queryClient, sensors, message, Date.now(), readings),
);
// NOTE: the socket is refused without a session: it starts once someone is signed in (session-sync.ts).
startSessionSync(queryClient, socket);
startHistorySync();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <LiveSocketProvider socket={socket}>
        <SensorStoreProvider store={sensors}>
          <App />
        </SensorStoreProvider>
      </LiveSocketProvider>
    </QueryClientProvider>
  </StrictMode>,
);
