/**
 * The dashboard ships no fonts and fetches none: its text is drawn with the machine's, down to DejaVu Sans
 * (styles.css). A symbol no installed font has (⏪, ⏸: emoji-range glyphs on a Debian without an emoji font)
 * showed as an empty box on buttons. Every character above the Latin ranges in the dashboard's sources must
 * be one DejaVu Sans draws. Needs fontconfig's fc-list and DejaVu Sans; without them it is skipped, saying so.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SOURCES = join(import.meta.dirname);
/** Below this, Latin, Greek, Cyrillic and general punctuation: in every font the dashboard falls back to. */
const FIRST_SYMBOL = 0x2100;

function fcList(pattern: string): string | null {
  try {
    return execFileSync('fc-list', [pattern, 'family'], { encoding: 'utf8' });
  } catch {
    return null;
  }
}
const haveDejaVu = (fcList(':family=DejaVu Sans') ?? '').trim() !== '';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(tsx|css)$/.test(entry.name) ? [path] : [];
  });
}

describe('symbols on screen', () => {
  it.skipIf(!haveDejaVu)('are all drawn by DejaVu Sans (skipped without fc-list and DejaVu Sans)', () => {
    const symbols = new Map<string, string>();
    for (const file of sourceFiles(SOURCES))
      for (const ch of readFileSync(file, 'utf8'))
        if (ch.codePointAt(0)! >= FIRST_SYMBOL && !symbols.has(ch)) symbols.set(ch, file);
    expect(symbols.size).toBeGreaterThan(0);
    const missing = [...symbols]
      .filter(
        ([ch]) => (fcList(`:family=DejaVu Sans:charset=${ch.codePointAt(0)!.toString(16)}`) ?? '') === '',
      )
      .map(([ch, file]) => `${ch} (U+${ch.codePointAt(0)!.toString(16).toUpperCase()}) in ${file}`);
    expect(missing).toEqual([]);
  });
});
