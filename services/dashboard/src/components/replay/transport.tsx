/**
 * Playback controls: step to the previous event, play/pause, step to the next event, the speed, and the
 * playhead's time in the city's zone (the replay's clock: every age on screen is relative to it).
 */
import { useCityTime } from '../../hooks/use-city-time.js';
import { formatDateTime } from '../../lib/format.js';
import { PLAYBACK_SPEEDS, stepSpeed } from '../../replay/playback-clock.js';
import type { ReplaySession } from '../../replay/replay-session.js';
import { useReplayStore } from '../../replay/replay-store.js';
import { writePlayhead } from '../../replay/use-replay-driver.js';

/** The replay's commands, shared by the buttons and the keyboard. */
export function replayCommand(
  session: ReplaySession,
  command: 'toggle' | 'next' | 'previous' | 'faster' | 'slower',
) {
  const clock = session.clock;
  if (command === 'toggle') clock.toggle(performance.now());
  if (command === 'next' || command === 'previous') {
    const target =
      command === 'next'
        ? session.index.nextEventAfter(clock.playhead)
        : session.index.previousEventBefore(clock.playhead);
    if (target !== null) clock.seek(target);
  }
  if (command === 'faster' || command === 'slower')
    clock.setSpeed(stepSpeed(clock.rate, command === 'faster' ? 1 : -1));
  if (!clock.isPlaying) writePlayhead(session);
}

const STATE_TEXT = {
  paused: 'Paused',
  playing: 'Playing',
  waiting: 'Loading ahead…',
  ended: 'End of the window',
} as const;

export function Transport({ session }: { session: ReplaySession }) {
  const state = useReplayStore((s) => s.state);
  const speed = useReplayStore((s) => s.speed);
  const failing = useReplayStore((s) => s.problems.length > 0);
  const playing = state === 'playing' || state === 'waiting';
  return (
    <section className="replay-transport" aria-label="Playback">
      <Clock />
      <div className="replay-transport__buttons">
        <button
          type="button"
          data-testid="replay-previous"
          title="Previous event (←)"
          onClick={() => replayCommand(session, 'previous')}
        >
          ◀◀ Previous event
        </button>
        <button
          type="button"
          className="replay-transport__play"
          data-testid="replay-play"
          aria-pressed={playing}
          title="Play or pause (Space)"
          onClick={() => replayCommand(session, 'toggle')}
        >
          {playing ? '❚❚ Pause' : '▶ Play'}
        </button>
        <button
          type="button"
          data-testid="replay-next"
          title="Next event (→)"
          onClick={() => replayCommand(session, 'next')}
        >
          Next event ▶▶
        </button>
        <label className="replay-transport__speed">
          <span>Speed</span>
          <select
            data-testid="replay-speed"
            value={speed}
            title="Slower (−) or faster (+)"
            onChange={(e) => {
              session.clock.setSpeed(Number(e.target.value));
              if (!session.clock.isPlaying) writePlayhead(session);
            }}
          >
            {PLAYBACK_SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="replay-transport__state" data-testid="replay-state" data-state={state} aria-live="polite">
        {state === 'waiting' && failing ? 'Waiting for the data that could not be loaded' : STATE_TEXT[state]}
      </p>
    </section>
  );
}

/** The playhead's time: the only part of the controls that changes while playing (a few times a second). */
function Clock() {
  const cityTime = useCityTime();
  const t = useReplayStore((s) => s.shown.t);
  return (
    <output
      className="replay-transport__clock"
      data-testid="replay-clock"
      aria-live="off"
      data-t={Math.round(t)}
    >
      <time dateTime={new Date(t).toISOString()}>{formatDateTime(t, cityTime)}</time>
    </output>
  );
}
