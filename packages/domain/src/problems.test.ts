import { describe, expect, it } from 'vitest';
import { capProblems, Problems, sentence } from './problems.js';

describe('Problems', () => {
  it('lists problems in order, de-duplicated, with scoped prefixes', () => {
    const problems = Problems.create();
    problems.add('a: missing');
    problems.scoped('item 2: ').add('b: missing');
    problems.add('a: missing');
    problems.add(() => 'c: missing');
    expect(problems.list()).toEqual(['a: missing', 'item 2: b: missing', 'c: missing']);
    expect(problems.count).toBe(4);
  });

  it('words only what it lists and counts the rest', () => {
    const problems = Problems.create(2);
    let worded = 0;
    for (let i = 0; i < 10; i++) {
      problems.add(() => {
        worded++;
        return `p${i}`;
      });
    }
    expect(problems.list()).toEqual(['p0', 'p1', '… and 8 more problems']);
    expect(worded).toBe(2);
  });

  it('does not count a duplicate of a listed problem as one more', () => {
    const problems = Problems.create(1);
    problems.add('same');
    problems.add('same');
    problems.add('other');
    expect(problems.list()).toEqual(['same', '… and 1 more problem']);
  });

  it('clamps each sentence to 200 characters', () => {
    const problems = Problems.create();
    problems.scoped('item 9999: ').add('x'.repeat(300));
    const [only] = problems.list();
    expect(only).toHaveLength(200);
    expect(only!.endsWith('…')).toBe(true);
    expect(sentence('short')).toBe('short');
  });
});

describe('capProblems', () => {
  it('de-duplicates and caps a plain list', () => {
    expect(capProblems(['a', 'b', 'a'])).toEqual(['a', 'b']);
    expect(capProblems(['a', 'b', 'c', 'd'], 2)).toEqual(['a', 'b', '… and 2 more problems']);
  });
});
