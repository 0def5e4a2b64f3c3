import { describe, expect, it } from 'vitest';
import { PLAYBACK_SPEEDS, PlaybackClock, stepSpeed } from './playback-clock.js';

describe('playback clock', () => {
  it('moves the playhead by wall time × speed while playing', () => {
    const clock = new PlaybackClock(0, 3_600_000, { speed: 600 });
    clock.setLoadedTo(3_600_000);
    clock.play(1000);
    expect(clock.tick(1016)).toBe(16 * 600);
    expect(clock.tick(2016)).toBe(1016 * 600);
    expect(clock.state()).toBe('playing');
    clock.pause();
    expect(clock.tick(9000)).toBe(1016 * 600);
    expect(clock.state()).toBe('paused');
  });

  it('holds at the edge of the loaded data and says it is waiting, never passing it', () => {
    const clock = new PlaybackClock(0, 1_000_000, { speed: 1000 });
    clock.setLoadedTo(300_000);
    clock.play(0);
    expect(clock.tick(1000)).toBe(300_000);
    expect(clock.state()).toBe('waiting');
    expect(clock.frameReady).toBe(true);
    clock.setLoadedTo(1_000_000);
    expect(clock.tick(1100)).toBe(400_000);
    expect(clock.state()).toBe('playing');
  });

  it('waits at a hold inside the loaded data until it is lifted, and a playhead at the hold stays', () => {
    const clock = new PlaybackClock(0, 1_000_000, { speed: 1000 });
    clock.setLoadedTo(1_000_000);
    clock.holdAt(200_000);
    clock.play(0);
    expect(clock.tick(1000)).toBe(200_000);
    expect(clock.state()).toBe('waiting');
    expect(clock.tick(2000)).toBe(200_000);
    // A hold behind the playhead (the analyst seeked past it) holds it where it is, never moves it back.
    clock.seek(500_000);
    expect(clock.tick(3000)).toBe(500_000);
    expect(clock.state()).toBe('waiting');
    clock.holdAt(null);
    expect(clock.tick(3100)).toBe(600_000);
    expect(clock.state()).toBe('playing');
  });

  it('a seek past the loaded data shows no frame until it arrives', () => {
    const clock = new PlaybackClock(0, 1_000_000);
    clock.setLoadedTo(100_000);
    clock.seek(500_000);
    expect(clock.frameReady).toBe(false);
    clock.setLoadedTo(600_000);
    expect(clock.frameReady).toBe(true);
  });

  it('stops at the end, and playing again starts over', () => {
    const clock = new PlaybackClock(0, 10_000, { speed: 10 });
    clock.setLoadedTo(10_000);
    clock.play(0);
    expect(clock.tick(5000)).toBe(10_000);
    expect(clock.state()).toBe('ended');
    expect(clock.isPlaying).toBe(false);
    clock.play(6000);
    expect(clock.playhead).toBe(0);
  });

  it('clamps seeks and speeds to the window and the offered speeds', () => {
    const clock = new PlaybackClock(100, 200, { t: 50, speed: 99_999 });
    expect(clock.playhead).toBe(100);
    expect(clock.rate).toBe(3600);
    clock.seek(500);
    expect(clock.playhead).toBe(200);
    expect(() => new PlaybackClock(5, 5)).toThrow(/end after it starts/);
  });

  it('steps through the offered speeds and stays at the ends', () => {
    expect(stepSpeed(60, 1)).toBe(300);
    expect(stepSpeed(60, -1)).toBe(10);
    expect(stepSpeed(1, -1)).toBe(1);
    expect(stepSpeed(3600, 1)).toBe(3600);
    expect(stepSpeed(45, 1)).toBe(60);
    expect(PLAYBACK_SPEEDS[0]).toBe(1);
  });
});
