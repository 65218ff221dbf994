import { describe, expect, it } from 'vitest';
import { collapseBlanks } from '../../src/core/whitespace.js';
import { seededRandom } from '../../src/fake-slack/seeded-random.js';

/** Every character JavaScript's `\s` matches, and a few it does not. */
const WHITESPACE = [
  '\t',
  '\n',
  '\u000b',
  '\f',
  '\r',
  ' ',
  '\u00a0',
  '\u1680',
  '\u2000',
  '\u2005',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
];
const NOT_WHITESPACE = ['a', 'é', '\u0000', '\u001c', '\u0085', '\u180e', '\u200b', '\ud83d\ude00'];

describe('collapseBlanks', () => {
  it('knows the whitespace `\\s` knows', () => {
    for (const char of [...WHITESPACE, ...NOT_WHITESPACE]) {
      expect(collapseBlanks(`a${char}b`), JSON.stringify(char)).toBe(`a${char}b`.replace(/\s+/g, ' '));
    }
  });

  it('gives what replace(/\\s+/g, " ").trim().slice(0, max) gives', () => {
    const random = seededRandom(7);
    const pieces = [...WHITESPACE, ...NOT_WHITESPACE, 'word'];
    for (let n = 0; n < 3000; n++) {
      const length = Math.floor(random() * 15);
      const text = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)] ?? '').join('');
      for (const max of [0, 1, 4, Number.POSITIVE_INFINITY]) {
        expect(collapseBlanks(text, max), JSON.stringify(text)).toBe(
          text.replace(/\s+/g, ' ').trim().slice(0, max),
        );
      }
    }
  });
});
