import { type RefObject, useLayoutEffect } from 'react';

const VARS = ['--wall-map-top', '--wall-map-left', '--wall-map-width', '--wall-map-height'] as const;

/**
 * The wall lays out a window for the map among its boards; the map (mounted once for every view, outside
 * the wall) is fitted to that window through CSS variables on the app, kept in step as the window resizes.
 */
export function useMapWindow(windowRef: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const element = windowRef.current;
    const app = element?.closest<HTMLElement>('.app');
    if (!element || !app) return;
    const place = () => {
      const box = element.getBoundingClientRect();
      const values = [box.top, box.left, box.width, box.height];
      for (const [index, name] of VARS.entries())
        app.style.setProperty(name, `${Math.round(values[index] ?? 0)}px`);
    };
    place();
    const observer = new ResizeObserver(place);
    observer.observe(element);
    window.addEventListener('resize', place);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', place);
      for (const name of VARS) app.style.removeProperty(name);
    };
  }, [windowRef]);
}
