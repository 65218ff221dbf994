import { describe, expect, it } from 'vitest';
import { limitViolations, unsafeMarkup } from './block-kit-limits.js';

/** The checker itself must catch what it claims to catch. */
describe('limitViolations', () => {
  it('accepts a small valid message', () => {
    const message = { text: 'hi', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }] };
    expect(limitViolations('message', message)).toEqual([]);
  });

  it('catches broken limits', () => {
    const long = 'x'.repeat(3001);
    const modal = {
      type: 'modal',
      title: { type: 'plain_text', text: 'A title that is far too long' },
      private_metadata: long,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'x'.repeat(151) } },
        { type: 'section', text: { type: 'mrkdwn', text: long }, block_id: 'a' },
        {
          type: 'section',
          fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })),
          block_id: 'a',
        },
        { type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) },
        { type: 'section', text: { type: 'plain_text', text: '' } },
        {
          type: 'actions',
          elements: [
            {
              type: 'button',
              text: { type: 'plain_text', text: 'b'.repeat(76) },
              action_id: 'x',
              value: 'v',
            },
            { type: 'button', text: { type: 'plain_text', text: 'b' }, action_id: 'x', style: 'fancy' },
            {
              type: 'static_select',
              action_id: 's',
              placeholder: { type: 'plain_text', text: 'p' },
              options: Array.from({ length: 101 }, (_, i) => ({
                text: { type: 'plain_text', text: 'o'.repeat(76) },
                value: String(i).repeat(151),
              })),
            },
            { type: 'overflow', action_id: 'o', options: [] },
          ],
        },
        {
          type: 'input',
          block_id: 'i',
          label: { type: 'plain_text', text: 'l' },
          element: {
            type: 'plain_text_input',
            action_id: 'i',
            max_length: 10,
            initial_value: 'x'.repeat(11),
          },
        },
      ],
    };
    const violations = limitViolations('modal', modal).join('\n');
    for (const expected of [
      'title.text: 28 characters, limit 24',
      'private_metadata: 3001 characters',
      'blocks[0].text.text: 151 characters, limit 150',
      'blocks[1].text.text: 3001 characters, limit 3000',
      'duplicate block_id a',
      '11 fields, limit 10',
      '11 elements, limit 10',
      'blocks[4].text.text: 0 characters, minimum 1',
      'elements[0].text.text: 76 characters, limit 75',
      'unknown style fancy',
      'duplicate action_id x',
      '101 options, limit 100',
      'options[0].value: 151 characters, limit 150',
      'elements[3].options: 0 options, minimum 1',
      'initial_value: 11 characters, limit 10',
      'submit: required when there are input blocks',
    ]) {
      expect(violations).toContain(expected);
    }
  });

  it('counts blocks per surface', () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    expect(limitViolations('message', { text: 't', blocks })).toEqual(['blocks: 51 blocks, limit 50']);
    expect(limitViolations('home', { type: 'home', blocks })).toEqual([]);
  });
});

describe('unsafeMarkup', () => {
  it('finds raw pings, mentions, links and broken entities', () => {
    const payload = { text: '<!here> <@U0123ABC> <@U0OTHER> <https://evil|x> &am', blocks: [] };
    const problems = unsafeMarkup(payload, { userIds: ['U0OTHER'] }).join('\n');
    for (const expected of ['contains <!here>', 'contains <@U0123ABC>', 'contains <https://evil', 'bare &']) {
      expect(problems).toContain(expected);
    }
    expect(problems).not.toContain('U0OTHER');
    expect(unsafeMarkup({ text: '&lt;!here&gt; <@U0OTHER>' }, { userIds: ['U0OTHER'] })).toEqual([]);
  });
});
