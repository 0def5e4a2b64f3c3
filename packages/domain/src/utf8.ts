/**
 * Strict UTF-8 decoding of payloads. A lenient decoder turns invalid bytes into U+FFFD and the damaged
 * text would be stored as if the device had sent it; a strict one lets the reason say where the damage is.
 * TextDecoder rather than Buffer so this module also runs in the browser.
 */

const strict = new TextDecoder('utf-8', { fatal: true });

export type Utf8Result = { ok: true; text: string } | { ok: false; offset: number };

export function decodeUtf8(bytes: Uint8Array): Utf8Result {
  try {
    return { ok: true, text: strict.decode(bytes) };
  } catch {
    // NOTE: TextDecoder does not say where it failed; find it ourselves, only on this (rare) path.
    return { ok: false, offset: Math.max(0, firstInvalidUtf8Offset(bytes)) };
  }
}

/** Is `byte` in the inclusive range? Continuation bytes are 0x80–0xBF unless the lead byte narrows them. */
function within(byte: number | undefined, low: number, high: number): boolean {
  return byte !== undefined && byte >= low && byte <= high;
}

/**
 * Offset of the first byte that starts an ill-formed sequence (Unicode Table 3-7: no overlong forms, no
 * surrogates, nothing above U+10FFFF, no truncated sequences), or -1 when the bytes are valid UTF-8.
 */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b <= 0x7f) {
      i += 1;
      continue;
    }
    const b1 = bytes[i + 1];
    const b2 = bytes[i + 2];
    const b3 = bytes[i + 3];
    let length = 0;
    if (b >= 0xc2 && b <= 0xdf) length = within(b1, 0x80, 0xbf) ? 2 : 0;
    else if (b >= 0xe0 && b <= 0xef) {
      const [low, high] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
      length = within(b1, low, high) && within(b2, 0x80, 0xbf) ? 3 : 0;
    } else if (b >= 0xf0 && b <= 0xf4) {
      const [low, high] = b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
      length = within(b1, low, high) && within(b2, 0x80, 0xbf) && within(b3, 0x80, 0xbf) ? 4 : 0;
    }
    if (length === 0) return i;
    i += length;
  }
  return -1;
}
