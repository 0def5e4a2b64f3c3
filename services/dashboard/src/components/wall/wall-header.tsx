import { unlockAlertTone } from '../../lib/alert-tone.js';
import { useWallStore } from '../../state/wall-store.js';
import { Clock } from '../clock.js';
import { RewindButton } from '../rewind-button.js';
import { WallLinkState } from './wall-link-state.js';

interface WallHeaderProps {
  cityName: string;
  openCount: number;
  awaitingReport: number;
  departmentFilter: string | null;
}

/** City, local time with zone, the open total, the link state and the alert-tone switch, on one line. */
export function WallHeader({ cityName, openCount, awaitingReport, departmentFilter }: WallHeaderProps) {
  const soundOn = useWallStore((s) => s.soundOn);
  const setSoundOn = useWallStore((s) => s.setSoundOn);
  return (
    <header className="wall-header">
      <h1 className="wall-header__city" title={cityName}>
        {cityName}
      </h1>
      <Clock />
      <div className="wall-header__total">
        <span className="wall-header__number" data-testid="open-incident-count">
          {openCount}
        </span>
        <span className="wall-header__total-label">
          open on the map{departmentFilter ? ` · ${departmentFilter}` : ''}
          {awaitingReport > 0 && (
            <span className="wall__awaiting-report" data-testid="wall-awaiting-report">
              {' '}
              · {awaitingReport} awaiting {awaitingReport === 1 ? 'its' : 'their'} report
            </span>
          )}
        </span>
      </div>
      <WallLinkState />
      <RewindButton className="wall-sound" />
      {/* A setting of this screen, not an action on incidents: the wall stays read-only. */}
      <button
        type="button"
        className="wall-sound"
        aria-pressed={soundOn}
        data-testid="wall-sound"
        title="Sound a short tone when a new critical incident arrives"
        onClick={() => {
          if (!soundOn && !unlockAlertTone()) return;
          setSoundOn(!soundOn);
        }}
      >
        {soundOn ? 'Sound: on' : 'Sound: off'}
      </button>
    </header>
  );
}
