/**
 * The replay's playhead on the GPU: layers whose objects are spans of time (incidents' open states, units'
 * chips) carry each span's start and end as a filter value, and deck.gl's `DataFilterExtension` draws and
 * picks only those holding the playhead. Moving the playhead changes one uniform: no attribute is computed
 * again, so a frame of the replay builds no layer.
 */
import type { Layer } from '@deck.gl/core';
import { DataFilterExtension, type DataFilterExtensionProps } from '@deck.gl/extensions';
import { OPEN_END_S, spanTime } from '../replay/incident-spans.js';

// NOTE: one instance, so that the layers' props compare equal from one build to the next; and always on,
// live too (filter off), because deck.gl sets a layer's extensions up when it first draws the layer and
// does not take a change of them later (the replay's first frames come before its spans do).
export const TIME_FILTER = [new DataFilterExtension({ filterSize: 2 })];
export const NO_TIME_FILTER = { extensions: TIME_FILTER, filterEnabled: false, getFilterValue: [0, 0] };

/**
 * The GPU filter's range at t for spans counted from `origin`: spans with start ≤ t < end. Float32 on the
 * GPU: t's and an end's seconds are equal only within a float's precision, so the end must pass t by two of
 * its steps (8 ms a day into a window) for the span that ends exactly at t to give way to the next.
 */
export function playheadRange(origin: number, t: number): [number, number][] {
  const at = spanTime(origin, t);
  const step = Math.max(0.001, 2 ** (Math.floor(Math.log2(Math.max(1, Math.abs(at)))) - 22));
  return [
    [-OPEN_END_S, at],
    [at + step, OPEN_END_S],
  ];
}

/** Whether a layer is drawn as spans of time filtered at the playhead (its time filter on). */
function filteredAtPlayhead(layer: Layer): boolean {
  const props = layer.props as Layer<DataFilterExtensionProps>['props'];
  return props.filterEnabled === true && props.extensions.includes(TIME_FILTER[0] as DataFilterExtension);
}

/**
 * The map's layers with the playhead moved to t: the layers filtered at the playhead cloned with only their filter range
 * changed, every other layer the same object, which deck.gl skips. The replay does this at every animation
 * frame without rendering React or building any layer.
 */
export function atPlayhead(layers: readonly Layer[], origin: number, t: number): Layer[] {
  const filterRange = playheadRange(origin, t);
  return layers.map((layer) =>
    filteredAtPlayhead(layer) ? (layer as Layer<DataFilterExtensionProps>).clone({ filterRange }) : layer,
  );
}
