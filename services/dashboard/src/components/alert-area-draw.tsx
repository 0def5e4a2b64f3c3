/**
 * The alert form's "Draw on the map" part: how many corners are drawn, a plain hint of what to do next, and
 * Undo last point / Clear / Done (or Continue drawing). The corners live in state/draw-store.ts, where the map
 * adds them on each click (components/city-map.tsx) and draws them (layers/draw-layers.ts). Escape stops
 * adding corners, keeping those drawn.
 */
import { useEffect } from 'react';
import { MIN_CORNERS, useDrawStore } from '../state/draw-store.js';

function hint(drawing: boolean, count: number): string {
  if (!drawing)
    return count >= MIN_CORNERS
      ? 'Area drawn. Continue drawing to add corners.'
      : `Continue drawing to add corners; ${MIN_CORNERS} at least.`;
  if (count === 0) return `Click on the map to add corners; ${MIN_CORNERS} at least.`;
  if (count < MIN_CORNERS) return `Click on the map to add corners; ${MIN_CORNERS - count} more needed.`;
  return 'Click to add more corners, or press Escape when the area is done.';
}

export function AlertAreaDraw() {
  const drawing = useDrawStore((s) => s.drawing);
  const count = useDrawStore((s) => s.corners.length);
  const { undo, clear, pause, resume } = useDrawStore.getState();

  useEffect(() => {
    if (!drawing) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') useDrawStore.getState().pause();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [drawing]);

  return (
    <div className="alert-area-draw" data-testid="alert-draw" data-drawing={drawing} data-corners={count}>
      <p className="public-alerts__note" data-testid="alert-draw-hint">
        {count === 1 ? '1 corner' : `${count} corners`}. {hint(drawing, count)}
      </p>
      <div className="actions__form-buttons">
        <button type="button" data-testid="alert-draw-undo" disabled={count === 0} onClick={undo}>
          Undo last point
        </button>
        <button type="button" data-testid="alert-draw-clear" disabled={count === 0} onClick={clear}>
          Clear
        </button>
        {drawing ? (
          <button type="button" data-testid="alert-draw-done" onClick={pause}>
            Done
          </button>
        ) : (
          <button type="button" data-testid="alert-draw-resume" onClick={resume}>
            Continue drawing
          </button>
        )}
      </div>
    </div>
  );
}
