import { beforeEach, describe, expect, it } from 'vitest';
import { closedRing, useDrawStore } from './draw-store.js';

const store = () => useDrawStore.getState();

describe('draw store', () => {
  beforeEach(() => store().stop());

  it('adds corners only while drawing', () => {
    store().add([1, 1]);
    expect(store().corners).toEqual([]);
    store().start();
    store().add([1, 1]);
    store().add([2, 1]);
    expect(store().drawing).toBe(true);
    expect(store().corners).toEqual([
      [1, 1],
      [2, 1],
    ]);
  });

  it('ignores a corner repeating the last one (a double click)', () => {
    store().start();
    store().add([1, 1]);
    store().add([1, 1]);
    store().add([2, 2]);
    store().add([1, 1]);
    expect(store().corners).toEqual([
      [1, 1],
      [2, 2],
      [1, 1],
    ]);
  });

  it('undoes the last corner and clears them all, still drawing', () => {
    store().start();
    store().add([1, 1]);
    store().add([2, 1]);
    store().add([2, 2]);
    store().undo();
    expect(store().corners).toEqual([
      [1, 1],
      [2, 1],
    ]);
    store().clear();
    expect(store().corners).toEqual([]);
    expect(store().drawing).toBe(true);
    store().undo();
    expect(store().corners).toEqual([]);
  });

  it('pause keeps the corners but stops adding; resume goes on', () => {
    store().start();
    store().add([1, 1]);
    store().pause();
    store().add([2, 2]);
    expect(store().drawing).toBe(false);
    expect(store().corners).toEqual([[1, 1]]);
    store().resume();
    store().add([2, 2]);
    expect(store().corners).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('stop ends drawing and forgets the corners; start begins afresh', () => {
    store().start();
    store().add([1, 1]);
    store().stop();
    expect(store().drawing).toBe(false);
    expect(store().corners).toEqual([]);
    store().start();
    expect(store().corners).toEqual([]);
  });
});

describe('closedRing', () => {
  it('repeats the first corner at the end from three corners on', () => {
    expect(
      closedRing([
        [0, 0],
        [1, 0],
        [1, 1],
      ]),
    ).toEqual([
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ]);
  });

  it('leaves fewer than three corners, and a ring already closed, as they are', () => {
    expect(closedRing([])).toEqual([]);
    expect(
      closedRing([
        [0, 0],
        [1, 0],
      ]),
    ).toEqual([
      [0, 0],
      [1, 0],
    ]);
    const closed: [number, number][] = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 0],
    ];
    expect(closedRing(closed)).toEqual(closed);
  });
});
