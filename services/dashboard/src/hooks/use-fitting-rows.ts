import { type RefObject, useLayoutEffect, useState } from 'react';
import { rowsThatFit } from '../lib/fit-rows.js';

/**
 * How many whole rows of a fixed-height list fit its box: measured from the box and from a hidden probe row
 * and "+N more" line inside it (their heights come from CSS, which scales with the screen), and measured
 * again whenever the box changes size.
 */
export function useFittingRows(
  boxRef: RefObject<HTMLElement | null>,
  probeRowRef: RefObject<HTMLElement | null>,
  probeMoreRef: RefObject<HTMLElement | null>,
  total: number,
): number {
  const [size, setSize] = useState({ available: 0, rowHeight: 0, moreHeight: 0 });
  useLayoutEffect(() => {
    const box = boxRef.current;
    if (!box) return;
    const measure = () => {
      const next = {
        available: box.clientHeight,
        rowHeight: probeRowRef.current?.getBoundingClientRect().height ?? 0,
        moreHeight: probeMoreRef.current?.getBoundingClientRect().height ?? 0,
      };
      setSize((s) =>
        s.available === next.available && s.rowHeight === next.rowHeight && s.moreHeight === next.moreHeight
          ? s
          : next,
      );
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    if (probeRowRef.current) observer.observe(probeRowRef.current);
    return () => observer.disconnect();
  }, [boxRef, probeRowRef, probeMoreRef]);
  return rowsThatFit({ ...size, total });
}
