/**
 * Times each piece of live-update work (a socket message and what it sets off synchronously, and every later
 * slice of its readings) as a user-timing measure, for `pnpm bench:wall`, which reads them as the main-thread
 * cost of live updates whatever task they run in. Only when the page asks (`window.__twinMeasureLive`, set by
 * the bench before the page loads): measures accumulate, and a wall runs for weeks.
 */
export const LIVE_UPDATE_MEASURE = 'twin:live-update';

export function measureLiveUpdate(run: () => void): void {
  if ((globalThis as { __twinMeasureLive?: boolean }).__twinMeasureLive !== true) {
    run();
    return;
  }
  const start = performance.now();
  try {
    run();
  } finally {
    performance.measure(LIVE_UPDATE_MEASURE, { start, end: performance.now() });
  }
}
