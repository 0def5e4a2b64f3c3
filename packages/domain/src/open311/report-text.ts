/**
 * Citizen text as the service keeps and shows it: plain text only. Control characters (other than line
 * breaks and tabs in a description) and unpaired surrogates are removed rather than refused — a citizen
 * cannot be asked to fix an invisible character — and nothing is ever interpreted as markup.
 */
import { isControlCode } from '../text.js';

/** Incident titles are at most this many characters (the wire contract's `title`). */
export const MAX_TITLE_CHARS = 200;
/** Incident notes are at most this many characters (the wire contract's `note`). */
export const MAX_NOTE_CHARS = 2000;

/** `text` without unpaired surrogates and control characters; line breaks and tabs kept when `multiLine`. */
export function plainText(text: string, multiLine = false): string {
  let out = '';
  // NOTE: for…of walks code points: a lone surrogate comes out as a one-unit string and is dropped.
  for (const ch of text.replace(/\r\n?/g, '\n')) {
    const code = ch.codePointAt(0)!;
    if (ch.length === 1 && code >= 0xd800 && code <= 0xdfff) continue;
    if (isControlCode(code) && !(multiLine && (ch === '\n' || ch === '\t'))) {
      out += multiLine ? '' : ' ';
      continue;
    }
    out += ch;
  }
  return multiLine ? out.trim() : out.replace(/\s+/g, ' ').trim();
}

/** At most `max` characters (code points), with `…` when cut. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/** An incident title from the service name and the start of the description, on one line. */
export function reportTitle(serviceName: string, description: string | null): string {
  const start = description === null ? '' : plainText(description);
  return clip(start === '' ? serviceName : `${serviceName}: ${start}`, MAX_TITLE_CHARS);
}
