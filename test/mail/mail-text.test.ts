/**
 * The linear text helpers give what the regexes they replaced gave. The old regexes are kept here as the
 * reference, run only on short random texts, where their quadratic cost does not matter.
 */
import { describe, expect, it } from 'vitest';
import { isEmailAddress } from '../../src/core/email-address.js';
import { seededRandom } from '../../src/fake-slack/seeded-random.js';
import { cleanBody, oneLine, stripTags, withoutReplyPrefixes } from '../../src/mail/mail-text.js';

const reference = {
  oneLine: (text: string, max: number) =>
    text
      .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, max),
  email: (text: string) => /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(text),
  cleanBody: (text: string) =>
    text
      .replace(/\r\n?/g, '\n')
      .replace(/[^\P{Cc}\n\t]/gu, '')
      .replace(/\u00a0/g, ' ')
      .replace(/[ \t]+$/gm, '')
      .replace(/^\n+|\s+$/g, ''),
  stripTags: (html: string) =>
    html
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
      .replace(/<br\s*\/?>|<\/(p|div|li|tr|h\d)>/gi, '\n')
      .replace(/<[^>]*>/g, '')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&')
      .replace(/\n{3,}/g, '\n\n'),
  withoutReplyPrefixes: (subject: string) => {
    let title = subject;
    let previous: string;
    do {
      previous = title;
      title = title.replace(/^\s*(?:re|r|fw|fwd|i|inoltro|aw|wg|tr|rif|sv|vs)\s*(?:\[\d+\])?\s*:\s*/i, '');
    } while (title !== previous);
    return title;
  },
};

/** `count` texts of up to `maxPieces` pieces drawn from `pieces`. */
function randomTexts(seed: number, pieces: string[], count = 3000, maxPieces = 14): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const length = Math.floor(random() * (maxPieces + 1));
    return Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)] ?? '').join('');
  });
}

describe('the linear text helpers give what the regexes they replace gave', () => {
  it('isEmailAddress', () => {
    const pieces = ['a', 'b', '@', '.', ' ', '<', '>', '\n', '\u00a0', '\ufeff', 'è', '"'];
    for (const text of [...randomTexts(1, pieces), 'mario@example.org', 'a@b.c', 'a@.b', 'a@b.', 'a@@b.c']) {
      expect(isEmailAddress(text), JSON.stringify(text)).toBe(reference.email(text));
    }
  });

  it('oneLine', () => {
    const pieces = [
      'a',
      'bc',
      ' ',
      '\t',
      '\n',
      '\r',
      '\u0000',
      '\u0085',
      '\u009f',
      '\u00a0',
      '\u2028',
      '\u3000',
      '\ufeff',
    ];
    for (const text of randomTexts(5, pieces)) {
      for (const max of [0, 3, 998]) {
        expect(oneLine(text, max), JSON.stringify(text)).toBe(reference.oneLine(text, max));
      }
    }
  });

  it('cleanBody', () => {
    const pieces = [
      'a',
      ' ',
      '\t',
      '\n',
      '\r',
      '\r\n',
      '\u00a0',
      '\u0000',
      '\u2028',
      '\u2029',
      '\u000b',
      'é',
    ];
    for (const text of randomTexts(2, pieces)) {
      expect(cleanBody(text), JSON.stringify(text)).toBe(reference.cleanBody(text));
    }
  });

  it('stripTags', () => {
    const pieces = [
      'a',
      ' ',
      '\n',
      '<',
      '>',
      '<script>',
      '</script>',
      '<SCRIPT a=1>',
      '</Script>',
      '<style>',
      '</style>',
      '<br>',
      '<BR />',
      '</p>',
      '</h2>',
      '<b>',
      '&amp;',
      '&lt;',
      '&nbsp;',
      '&#39;',
    ];
    for (const html of randomTexts(3, pieces)) {
      expect(stripTags(html), JSON.stringify(html)).toBe(reference.stripTags(html));
    }
  });

  it('withoutReplyPrefixes', () => {
    const pieces = [
      'Re',
      're',
      'R',
      'Fwd',
      'I',
      'AW',
      'Inoltro',
      ':',
      ' ',
      '[2]',
      '[',
      ']',
      '3',
      'x',
      'Ticket',
    ];
    for (const subject of randomTexts(4, pieces)) {
      expect(withoutReplyPrefixes(subject), JSON.stringify(subject)).toBe(
        reference.withoutReplyPrefixes(subject),
      );
    }
  });
});
