/**
 * Dead letters: what was refused, why, and the start of what was sent. A dead letter must ALWAYS be
 * storable, whatever the message held: PostgreSQL text cannot hold NUL, and a topic or payload may be
 * invalid UTF-8 or full of control characters. One refused dead letter once stalled ingest for good.
 */
export interface DeadLetter {
  topic: string;
  reason: string;
  payload: string;
  payloadBytes: number;
}

/** Only the start of a rejected payload is kept: enough to diagnose, bounded so bad input cannot fill the disk. */
export const DEAD_LETTER_PAYLOAD_BYTES = 4096;
const MAX_TOPIC_CHARS = 512;
// NOTE: room for every reason of a message (the decoder reports at most 20, each under ~200 characters).
const MAX_REASON_CHARS = 8000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** C0 controls except tab and newline, DEL and C1 controls: NUL cannot be stored, the others hide text. */
function isUnstorable(code: number): boolean {
  return (code <= 0x1f && code !== 0x09 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f);
}

/** Text any PostgreSQL text column accepts: unstorable characters spelled as \uXXXX, bounded length. */
export function storableText(text: string, maxChars: number): string {
  // NOTE: a lone UTF-16 surrogate cannot be encoded as UTF-8: it becomes U+FFFD (String#toWellFormed).
  const wellFormed = text.replace(LONE_SURROGATE, '\uFFFD');
  let escaped = '';
  let i = 0;
  for (; i < wellFormed.length && escaped.length < maxChars; i++) {
    const code = wellFormed.charCodeAt(i);
    escaped += isUnstorable(code) ? `\\u${code.toString(16).padStart(4, '0')}` : wellFormed[i];
  }
  return i < wellFormed.length || escaped.length > maxChars ? `${escaped.slice(0, maxChars - 1)}…` : escaped;
}

/** The first bytes of a payload as text; bytes that are not UTF-8 are kept as base64 instead of being mangled. */
export function payloadText(payload: Uint8Array): string {
  const head = payload.subarray(0, DEAD_LETTER_PAYLOAD_BYTES);
  try {
    // NOTE: stream mode tolerates a character cut in half at the 4 KiB boundary.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return storableText(text, DEAD_LETTER_PAYLOAD_BYTES);
  } catch {
    return `(not valid UTF-8; base64) ${Buffer.from(head).toString('base64')}`;
  }
}

export function deadLetter(
  topic: string,
  reasons: string | readonly string[],
  payload: Uint8Array,
): DeadLetter {
  const reason = typeof reasons === 'string' ? reasons : reasons.join('; ');
  return {
    topic: storableText(topic, MAX_TOPIC_CHARS),
    reason: storableText(reason || 'refused', MAX_REASON_CHARS),
    payload: payloadText(payload),
    payloadBytes: payload.byteLength,
  };
}

/**
 * For the case that must never happen: the database refused a dead letter that went through the escaping
 * above. Plain ASCII only, so nothing about its content can be refused again.
 */
export function asciiDeadLetter(d: DeadLetter): DeadLetter {
  const ascii = (s: string, max: number) =>
    JSON.stringify(s)
      .slice(1, -1)
      .replace(/[^\x20-\x7E]/g, '?')
      .slice(0, max);
  return {
    topic: ascii(d.topic, MAX_TOPIC_CHARS),
    reason: ascii(d.reason, MAX_REASON_CHARS),
    payload: ascii(d.payload, DEAD_LETTER_PAYLOAD_BYTES * 2),
    payloadBytes: d.payloadBytes,
  };
}
