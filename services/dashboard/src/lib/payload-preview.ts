/**
 * The start of a refused payload for the dead-letters page. React writes it as text (never as markup), so
 * what remains to do here: bound it, and spell out characters that would rearrange or hide the text around
 * them (bidirectional overrides, zero-width characters, line/paragraph separators) as \uXXXX, so the preview
 * shows what was sent rather than what it pretends to be. (The server already spelled out control characters.)
 */
export const PAYLOAD_PREVIEW_CHARS = 400;

const DECEPTIVE = /[\u200B-\u200F\u2028-\u202E\u2060-\u2069\uFEFF]/g;

export interface PayloadPreview {
  text: string;
  /** "first 400 of 5,120 bytes" when the preview is not the whole payload, else null. */
  cut: string | null;
}

export function payloadPreview(
  payload: string,
  payloadBytes: number,
  maxChars = PAYLOAD_PREVIEW_CHARS,
): PayloadPreview {
  const shown = [...payload].slice(0, maxChars).join('');
  const text = shown.replace(DECEPTIVE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const whole = shown.length === payload.length && new TextEncoder().encode(payload).length >= payloadBytes;
  const bytes = `${payloadBytes.toLocaleString('en-US')} byte${payloadBytes === 1 ? '' : 's'}`;
  return {
    text,
    cut: whole ? null : `first ${[...shown].length.toLocaleString('en-US')} characters of ${bytes}`,
  };
}
