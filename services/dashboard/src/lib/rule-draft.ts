/**
 * The rule editor's text: the definition as formatted JSON to edit, and the edited text back as a value to
 * send. Only "is it JSON at all" is judged here, with the line to look at; whether it is a valid rule is
 * the server's schema's say (its 400 names every reason), so the page never disagrees with the server.
 */
import type { Rule } from '@twin/domain';

export function ruleToText(rule: Rule): string {
  return JSON.stringify(rule, null, 2);
}

/** The line and column of a character offset, counted from 1 as editors do. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

/** The edited definition, or what is wrong with the text in plain words. */
export function parseRuleText(text: string): { value: unknown } | { error: string } {
  if (!text.trim()) return { error: 'The definition is empty: it must be one JSON object.' };
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      return { error: 'The definition must be one JSON object, { … }.' };
    return { value };
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    // NOTE: V8 says "… in JSON at position 42 (line 3 column 5)" or only the position, depending on version.
    const position = /position (\d+)/.exec(message);
    const where = position ? lineAndColumn(text, Number(position[1])) : null;
    return {
      error: where
        ? `The definition is not valid JSON near line ${where.line}, column ${where.column}: check commas, quotes and brackets there.`
        : 'The definition is not valid JSON: check commas, quotes and brackets.',
    };
  }
}
