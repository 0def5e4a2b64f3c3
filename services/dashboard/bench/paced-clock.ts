/**
 * A page clock paced by frames, for measuring the work of one frame of a 60 Hz display on a machine whose
 * software GPU presents a frame every second or two.
 *
 * Why: the replay moves its playhead by the wall time between animation frames times the speed. Here
 * SwiftShader (on the GPU process, 2 shared cores) presents ~0.5–1 frame/s, so at 600× each frame crosses
 * 10–20 min of data time and does the work of a hundred frames of a display that keeps up. Once started
 * (`globalThis.__startPacedClock()`), the page sees exactly 1/60 s pass from one animation frame to the next
 * (`performance.now()` and rAF's timestamp), so each frame at 600× crosses 10 s of data time, as at 60 Hz;
 * the main thread's time per frame is then what a 60 Hz frame costs this page. Within a frame the clock runs
 * at real speed (capped below the next frame's time, so it never goes back), so the scheduler's time slices
 * and every measurement inside a frame are real.
 *
 * Start it only when the map has settled: animations (a camera ease of 300 ms) take 18 frames on this clock.
 *
 * A string (not a function) so that the bundler's helpers never reach the page.
 */
export function pacedClockScript(fps: number): string {
  return `(() => {
  const step = 1000 / ${fps};
  const realNow = performance.now.bind(performance);
  const realRaf = window.requestAnimationFrame.bind(window);
  let paced = false;
  let frameAt = 0;
  let frameRealStart = 0;
  let lastStamp = -1;
  globalThis.__startPacedClock = () => {
    paced = true;
    frameAt = realNow();
    frameRealStart = frameAt;
  };
  performance.now = () => (paced ? frameAt + Math.min(realNow() - frameRealStart, step - 0.01) : realNow());
  window.requestAnimationFrame = (callback) =>
    realRaf((stamp) => {
      if (!paced) return callback(stamp);
      // Every callback of one frame gets the same stamp: the clock moves once per frame.
      if (stamp !== lastStamp) {
        lastStamp = stamp;
        frameAt += step;
        frameRealStart = realNow();
      }
      callback(frameAt);
    });
})();`;
}
