/**
 * The wall's alert tone for a new critical incident, made with the Web Audio API (no sound file is fetched
 * or shipped): two soft descending notes, a quarter of a second each. The audio context is created on the
 * click that turns sound on, as browsers require.
 */
let context: AudioContext | null = null;

/** Call from the click that turns sound on; returns false where the browser has no Web Audio. */
export function unlockAlertTone(): boolean {
  const Ctor = globalThis.AudioContext;
  if (!Ctor) return false;
  context ??= new Ctor();
  void context.resume();
  return true;
}

/** Plays the tone when the browser lets it (after a reload it may wait for a click: kiosk browsers allow it). */
export function playAlertTone(): void {
  if (!context) unlockAlertTone();
  if (context?.state !== 'running') return;
  const start = context.currentTime + 0.02;
  for (const [index, frequency] of [880, 660].entries()) {
    const at = start + index * 0.28;
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    // NOTE: a short attack and release: no click at the start or end of the note.
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(0.25, at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.001, at + 0.25);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(at);
    oscillator.stop(at + 0.26);
  }
}
