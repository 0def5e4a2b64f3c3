import { useEffect, useState } from 'react';
import { pulsePhase } from '../layers/critical-pulse-layers.js';

/** Frames of the map's pulse: ~15 a second is smooth enough for a slow ring and cheap for a wall PC. */
const FRAME_MS = 66;

function prefersReducedMotion(): boolean {
  return globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

/** The pulse's phase (0 … 1), animated only while `active`; steady when the viewer asks for less motion. */
export function usePulsePhase(active: boolean): number {
  const [reduced, setReduced] = useState(prefersReducedMotion);
  const [phase, setPhase] = useState(0.5);
  useEffect(() => {
    const query = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)');
    if (!query) return;
    const onChange = () => setReduced(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  useEffect(() => {
    if (!active || reduced) return;
    let frame = 0;
    let last = 0;
    const tick = (t: number) => {
      if (t - last >= FRAME_MS) {
        last = t;
        setPhase(pulsePhase(t, false));
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [active, reduced]);
  return reduced ? pulsePhase(0, true) : phase;
}
