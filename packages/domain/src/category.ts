/**
 * Incident categories as real feeds write them (`Noise - Residential`, `Street & Sidewalk Cleaning`,
 * `Graffiti – Private`): free text, kept as sent (trimmed), plus a derived key that groups and filters them
 * however the source spelled case, accents and punctuation (`noise-residential`).
 */

/** Combining marks left behind by canonical decomposition: the accents that folding drops. */
const MARKS = /\p{M}+/gu;
/** Runs of anything that is not a letter or a digit, in any script. */
const SEPARATORS = /[^\p{L}\p{N}]+/gu;
const EDGE_DASHES = /^-+|-+$/g;

/**
 * The filter key of a category: lowercase, accents folded, every run of characters other than letters and
 * digits turned into one `-`, no `-` at either end. `Noise - Residential` → `noise-residential`,
 * `Café Terrasse` → `cafe-terrasse`. Letters of any script are kept (`Шум` → `шум`).
 *
 * A key is its own key (`categoryKey(categoryKey(x)) === categoryKey(x)`), so a filter may be given either
 * the text or the key. Empty when the text holds no letter or digit (the decoder refuses such a category).
 */
export function categoryKey(text: string): string {
  // NOTE: decomposed before and after lowercasing: compatibility forms can hold capitals (`㎒` → `MHz`) and
  // lowercasing can produce marks (`İ` → `i̇`).
  return text
    .normalize('NFKD')
    .toLowerCase()
    .normalize('NFKD')
    .replace(MARKS, '')
    .replace(SEPARATORS, '-')
    .replace(EDGE_DASHES, '');
}

/** The category as stored: surrounding white space is not part of what the source meant. */
export function normalizeCategory(text: string): string {
  return text.trim();
}
