/**
 * The live socket's messages decoded off the main thread: the page posts each message's text, in arrival
 * order, and gets back the decoded message with its readings as transferred typed arrays, in the same order
 * (live-decoder.ts). JSON.parse of a 2,000-reading message and the objects it makes were most of what was
 * left of the wall's long live-update tasks at 50,000 sensors.
 */
import { decodeLive } from './live-decode.js';
import { frameBuffers, ReadingsEncoder } from './readings-frame.js';

const encoder = new ReadingsEncoder();

self.onmessage = (event: MessageEvent<unknown>) => {
  const text = event.data;
  // NOTE: always one answer per text, even for one that cannot be decoded: the page pairs answers with the
  // texts it sent by their order.
  let decoded = null;
  try {
    if (typeof text === 'string') decoded = decodeLive(text, encoder);
  } catch (err) {
    console.warn('live message could not be decoded', err);
  }
  self.postMessage(decoded, { transfer: decoded?.readings ? frameBuffers(decoded.readings) : [] });
};
