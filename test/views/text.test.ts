import { describe, expect, it } from 'vitest';
import { texts } from '../../src/views/locale.js';
import {
  cap,
  capMarkup,
  escapeMrkdwn,
  mrkdwn,
  personLabel,
  plain,
  quote,
  splitMarkup,
} from '../../src/views/text.js';
import { ago, dueStatus, formatDateTime, formatDuration } from '../../src/views/time.js';
import { loneSurrogates } from './block-kit-limits.js';

describe('escapeMrkdwn', () => {
  it('escapes &, < and > so pings, mentions and links render literally', () => {
    expect(escapeMrkdwn('<!channel> <!here> <@U0123ABC> <http://x|y> a & b')).toBe(
      '&lt;!channel&gt; &lt;!here&gt; &lt;@U0123ABC&gt; &lt;http://x|y&gt; a &amp; b',
    );
    expect(escapeMrkdwn('&amp;')).toBe('&amp;amp;');
  });
});

describe('cap', () => {
  it('leaves short text alone and cuts long text to max with an ellipsis', () => {
    expect(cap('hello', 5)).toBe('hello');
    expect(cap('hello world', 8)).toBe('hello w…');
    expect(cap('hello world', 8).length).toBeLessThanOrEqual(8);
  });

  it('never splits a surrogate pair', () => {
    for (let max = 1; max < 12; max += 1) {
      const result = cap('😀😀😀😀😀😀😀😀', max);
      expect(result.length).toBeLessThanOrEqual(max);
      expect(loneSurrogates(result)).toEqual([]);
    }
  });
});

describe('capMarkup', () => {
  it('never cuts inside an entity or a mention', () => {
    const escaped = escapeMrkdwn('<<<<<<<<');
    for (let max = 1; max < escaped.length; max += 1) {
      const result = capMarkup(escaped, max);
      expect(result.length).toBeLessThanOrEqual(max);
      expect(result).toMatch(/^(&lt;)*…$/);
    }
    expect(capMarkup('hi <@U0OPERATOR1> there', 10)).toBe('hi…');
  });
});

describe('plain and mrkdwn', () => {
  it('escape, then cap, and never produce empty text', () => {
    expect(plain('<!here>', 150)).toEqual({ type: 'plain_text', text: '&lt;!here&gt;', emoji: true });
    expect(mrkdwn('a < b', 4)).toEqual({ type: 'mrkdwn', text: 'a…', verbatim: true });
    expect(plain('   ').text).toBe('-');
  });
});

describe('quote', () => {
  it('quotes every line of escaped text', () => {
    expect(quote('a\n\n<b>')).toBe('> a\n>\n> &lt;b&gt;');
  });
});

describe('personLabel', () => {
  it('mentions valid Slack user ids and escapes everything else', () => {
    expect(personLabel({ name: 'Luca', slackUserId: 'U0OPERATOR1' })).toBe('<@U0OPERATOR1>');
    expect(personLabel({ name: 'Luca', slackUserId: 'W0ABC' })).toBe('<@W0ABC>');
    expect(personLabel({ name: '<!channel>', slackUserId: 'U0123ABC>' })).toBe('&lt;!channel&gt;');
    expect(personLabel({ name: '', email: '<a@b>' })).toBe('&lt;a@b&gt;');
    expect(personLabel({ name: 'x', slackUserId: 'u0lower' })).toBe('x');
  });
});

describe('splitMarkup', () => {
  it('splits into pieces within the size, never inside an entity', () => {
    const escaped = escapeMrkdwn('a<&>'.repeat(2000));
    const pieces = splitMarkup(escaped, 3000);
    expect(pieces.join('')).toBe(escaped);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(3000);
      expect(piece).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
  });
});

describe('times', () => {
  const en = texts('en');
  const italian = texts('it');
  const now = new Date('2026-11-30T10:00:00Z');
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

  it('says durations in minutes, hours and days', () => {
    expect(formatDuration(en.t, 25 * 60_000)).toBe('25 min');
    expect(formatDuration(en.t, 2 * 3_600_000)).toBe('2 h');
    expect(formatDuration(italian.t, 2 * 3_600_000)).toBe('2 ore');
    expect(formatDuration(italian.t, 3_600_000)).toBe('1 ora');
    expect(formatDuration(en.t, 3 * 86_400_000)).toBe('3 days');
  });

  it('says relative times both ways', () => {
    expect(ago(en.t, at(-120), now)).toBe('2 h ago');
    expect(ago(italian.t, at(-120), now)).toBe('2 ore fa');
    expect(ago(en.t, at(0), now)).toBe('just now');
    expect(dueStatus(en.t, at(25), now)).toBe('due in 25 min');
    expect(dueStatus(italian.t, at(25), now)).toBe('scade tra 25 min');
    expect(dueStatus(en.t, at(-120), now)).toBe('overdue by 2 h');
    expect(dueStatus(italian.t, at(-120), now)).toBe('scaduto da 2 ore');
  });

  it('formats wall-clock times in the given time zone', () => {
    expect(formatDateTime(now, 'Europe/Rome', 'it')).toBe('30/11/2026 11:00');
    expect(formatDateTime(now, 'Europe/Rome', 'en')).toBe('2026-11-30 11:00');
    expect(formatDateTime(now, 'Not/AZone', 'en')).toBe('2026-11-30 10:00');
  });
});
