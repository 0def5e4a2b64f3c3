/**
 * The previous value while a new one is the same by `same`: for values recomputed on every render (every
 * animation frame in the replay) whose identity tells deck.gl and memos whether anything changed.
 */
import { useRef } from 'react';

export function useStableValue<T>(value: T, same: (a: T, b: T) => boolean): T {
  const kept = useRef(value);
  if (kept.current !== value && !same(kept.current, value)) kept.current = value;
  return kept.current;
}
