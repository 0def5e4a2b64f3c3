/**
 * Who decodes the live socket's messages: a Web Worker in the browser (the main thread then only applies
 * typed arrays), or the page itself where there is no worker. Either way every text is answered once, in
 * the order given, so the socket's log position (`seq`) advances in order.
 */
import type { LiveMessage } from '@twin/domain';
import { type DecodedLive, decodeLive } from './live-decode.js';
import { measureLiveUpdate } from './live-timing.js';
import { FrameNames, type NamedReadings, ReadingsEncoder } from './readings-frame.js';

/** A decoded message as the dashboard applies it. */
export interface LiveUpdate {
  message: LiveMessage;
  readings: NamedReadings | null;
}

export interface LiveDecoder {
  /** Decodes `text` and calls `done` with it (null: not a message of this protocol), now or later. */
  decode(text: string, done: (update: LiveUpdate | null) => void): void;
}

/** The names a decoder's frames are numbered against; every frame is taken in, used or not. */
function named(decoded: DecodedLive | null, names: FrameNames): LiveUpdate | null {
  if (!decoded) return null;
  if (!decoded.readings) return { message: decoded.message, readings: null };
  names.take(decoded.readings);
  return { message: decoded.message, readings: { frame: decoded.readings, names } };
}

/** Decodes on the calling thread, at once. */
export class InThreadDecoder implements LiveDecoder {
  private readonly encoder = new ReadingsEncoder();
  private readonly names = new FrameNames();

  decode(text: string, done: (update: LiveUpdate | null) => void): void {
    done(named(decodeLive(text, this.encoder), this.names));
  }
}

/** What the decoder needs of a Worker (tests pass a fake). */
export interface WorkerLike {
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  postMessage(message: unknown): void;
  terminate(): void;
}

/**
 * Decodes in a worker. Answers come back in the order texts were posted (one per text); each is applied in
 * a task of its own, timed as live-update work. If the worker fails (it could not load, say), what it had
 * not answered and everything after is decoded on the page instead: slower, but the wall stays live.
 */
export class WorkerDecoder implements LiveDecoder {
  private readonly waiting: { text: string; done: (update: LiveUpdate | null) => void }[] = [];
  private readonly names = new FrameNames();
  private fallback: InThreadDecoder | null = null;

  constructor(private readonly worker: WorkerLike) {
    worker.onmessage = (event) => measureLiveUpdate(() => this.answer(event.data as DecodedLive | null));
    worker.onerror = (event) => this.fail(event);
  }

  decode(text: string, done: (update: LiveUpdate | null) => void): void {
    if (this.fallback) {
      this.fallback.decode(text, done);
      return;
    }
    this.waiting.push({ text, done });
    this.worker.postMessage(text);
  }

  private answer(decoded: DecodedLive | null): void {
    const next = this.waiting.shift();
    if (!next || this.fallback) return;
    next.done(named(decoded, this.names));
  }

  private fail(event: unknown): void {
    if (this.fallback) return;
    console.warn('the live decoder worker failed; decoding on the page instead', event);
    this.worker.onmessage = null;
    this.worker.terminate();
    const fallback = new InThreadDecoder();
    this.fallback = fallback;
    for (const { text, done } of this.waiting.splice(0)) fallback.decode(text, done);
  }
}

/** A worker decoder in the browser; the page itself where workers do not exist. */
export function createLiveDecoder(startWorker?: () => WorkerLike): LiveDecoder {
  if (!startWorker || typeof Worker === 'undefined') return new InThreadDecoder();
  try {
    return new WorkerDecoder(startWorker());
  } catch (err) {
    console.warn('the live decoder worker could not start; decoding on the page instead', err);
    return new InThreadDecoder();
  }
}
