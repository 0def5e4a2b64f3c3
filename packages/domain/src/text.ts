/**
 * Small text helpers for dead-letter reasons and text rules: quoting hostile values safely (bounded,
 * control characters escaped) and finding characters that must not be stored.
 */

/** C0 controls, DEL and C1 controls: invisible or terminal-controlling, never wanted in text on a screen. */
export function isControlCode(code: number): boolean {
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

/** `U+0007`, the way the Unicode standard names a code point. */
export function codePointLabel(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Index of the first UTF-16 surrogate without its partner, or -1. JSON can carry one (`"\ud800"`);
 * PostgreSQL refuses it inside jsonb (failing a whole batch) and the driver turns it into U+FFFD in text.
 */
export function firstUnpairedSurrogate(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0xd800 || code > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      i++;
      continue;
    }
    return i;
  }
  return -1;
}

const SHORT_ESCAPES: Record<string, string> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '"': '\\"',
  '\\': '\\\\',
};

/** Characters that would make a reason misleading or unreadable when shown: escaped as `\uXXXX`. */
function mustEscape(code: number): boolean {
  return (
    isControlCode(code) ||
    (code >= 0xd800 && code <= 0xdfff) || // only reached for unpaired surrogates
    code === 0x2028 ||
    code === 0x2029 ||
    (code >= 0x202a && code <= 0x202e) || // bidi embeddings and overrides
    (code >= 0x2066 && code <= 0x2069) // bidi isolates
  );
}

/**
 * `text` made safe to show inside a reason: at most `max` characters (then `…`), control characters and
 * other invisible troublemakers escaped as `\uXXXX` (`\n`, `\r`, `\t` as such).
 */
export function escapeForDisplay(text: string, max = 40, escapeQuotes = false): string {
  let out = '';
  let count = 0;
  // NOTE: for…of walks code points, so truncation never splits a surrogate pair of a valid character.
  for (const ch of text) {
    if (count === max) return `${out}…`;
    count++;
    const code = ch.codePointAt(0)!;
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined && (escapeQuotes || (ch !== '"' && ch !== '\\'))) out += short;
    else if (ch.length === 1 && mustEscape(code)) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out;
}

/**
 * A value as it appears in a reason: in double quotes, bounded, with control characters, quotes and
 * backslashes escaped, so a hostile value cannot forge or hide the rest of a reason.
 */
export function quote(text: string, max = 40): string {
  return `"${escapeForDisplay(text, max, true)}"`;
}

/** Numbers as JavaScript prints them (`1e+308`, `Infinity`), which is also what most producers log. */
export function formatNumber(value: number): string {
  return String(value);
}

/** Limits read better as `1e15` than as `1000000000000000`. */
export function formatLimit(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e6 && Number.isInteger(Math.log10(abs))) return `${value < 0 ? '-' : ''}1e${Math.log10(abs)}`;
  return String(value);
}

/** What kind of JSON value this is, for "must be a number (got a string)". */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}

/** A value for "(got …)": scalars as themselves (strings quoted), containers by kind only. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  return describeType(value);
}

/** The first control character of `text` that `allowed` does not let through, as `U+0007`, or null. */
export function firstControlCharacter(
  text: string,
  allowed: (ch: string) => boolean = () => false,
): string | null {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isControlCode(code) && !allowed(text[i]!)) return codePointLabel(code);
  }
  return null;
}
