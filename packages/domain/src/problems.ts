/**
 * The problems of one message, as its dead-letter reason lists them: de-duplicated, the first
 * {@link MAX_ERRORS_PER_MESSAGE} worded and the rest only counted (`… and N more problems`), so a message
 * with 100,000 problems costs no more wording than one with 20.
 */
import { MAX_ERRORS_PER_MESSAGE } from './limits.js';

/**
 * One problem as a dead letter lists it: the field (or `payload`, `topic`, `item 3`), a colon, then what is
 * wrong in plain words — `lat: missing`, `severity: must be an integer from 1 to 5 (got 9)`. Every sentence
 * of a reason is built here, so they all read the same way.
 */
export function problem(field: string, words: string): string {
  return `${field}: ${words}`;
}

/** A reason longer than this is cut: a dead letter is read in a table row, not scrolled. */
export const MAX_SENTENCE_CHARS = 200;

/** Clamps a sentence to {@link MAX_SENTENCE_CHARS}. */
export function sentence(text: string): string {
  return text.length <= MAX_SENTENCE_CHARS ? text : `${text.slice(0, MAX_SENTENCE_CHARS - 1)}…`;
}

function moreProblems(count: number): string {
  return `… and ${count} more problem${count === 1 ? '' : 's'}`;
}

/** De-duplicates, keeps the first `max` and says how many more there were. */
export function capProblems(problems: readonly string[], max = MAX_ERRORS_PER_MESSAGE): string[] {
  const unique = [...new Set(problems)];
  if (unique.length <= max) return unique;
  return [...unique.slice(0, max), moreProblems(unique.length - max)];
}

interface Sink {
  readonly max: number;
  readonly listed: string[];
  readonly seen: Set<string>;
  /** Problems not worded because the list was full. */
  unlisted: number;
  /** Every problem ever added, duplicates included: tells a caller whether its part added any. */
  added: number;
}

export class Problems {
  private constructor(
    private readonly sink: Sink,
    private readonly prefix: string,
  ) {}

  static create(max = MAX_ERRORS_PER_MESSAGE): Problems {
    return new Problems({ max, listed: [], seen: new Set(), unlisted: 0, added: 0 }, '');
  }

  /** The same list, each problem added through it prefixed (`item 3: `). */
  scoped(prefix: string): Problems {
    return new Problems(this.sink, this.prefix + prefix);
  }

  /** Adds a problem. A function is only called when its sentence will be listed: wording costs time. */
  add(problem: string | (() => string)): void {
    const sink = this.sink;
    sink.added++;
    if (sink.listed.length >= sink.max) {
      if (typeof problem !== 'string' || !sink.seen.has(sentence(this.prefix + problem))) sink.unlisted++;
      return;
    }
    const text = sentence(this.prefix + (typeof problem === 'string' ? problem : problem()));
    if (sink.seen.has(text)) return;
    sink.seen.add(text);
    sink.listed.push(text);
  }

  /** How many problems were added so far (through any scope), duplicates included. */
  get count(): number {
    return this.sink.added;
  }

  list(): string[] {
    const { listed, unlisted } = this.sink;
    return unlisted > 0 ? [...listed, moreProblems(unlisted)] : [...listed];
  }
}
