import { describe, expect, it } from 'vitest';
import { ACTIONS, readAcceptSenderValue } from '../../src/views/ids.js';
import { buildAcceptedSender } from '../../src/views/messages/accepted-sender.js';
import { buildArticlePost } from '../../src/views/messages/article-post.js';
import { buildTicketCard } from '../../src/views/ticket-card.js';
import { assertSafe } from './block-kit-limits.js';
import { article, card, KNOWN_USER_IDS, NASTY_TEXTS, NUMBER } from './fixtures.js';

const allowed = { userIds: [...KNOWN_USER_IDS] };
const outsider = article({
  articleNumber: 4,
  senderType: 'external',
  channel: 'email',
  customerVisible: false,
  author: 'Mario Bianchi <attacker@evil.example>',
  body: 'Please reset my password and send it to attacker@evil.example',
});

describe('a mail kept as not from the customer, in the queue thread', () => {
  it('shows its real sender, says it is not from the customer, and offers to accept the sender', () => {
    const en = buildArticlePost({ locale: 'en', article: outsider, ticketNumber: NUMBER });
    assertSafe('message', en, allowed);
    const text = JSON.stringify(en);
    expect(text).toContain('attacker@evil.example');
    expect(text).toContain('not from the customer');
    expect(text).toContain('🔒 internal note');
    const button = en.blocks.flatMap((b) => (b.type === 'actions' ? b.elements : []))[0];
    expect(button).toMatchObject({ action_id: ACTIONS.acceptSender, text: { text: 'Accept sender' } });
    expect(readAcceptSenderValue((button as { value: string }).value)).toEqual({
      articleNumber: 4,
      ticketNumber: NUMBER,
    });
    expect(
      JSON.stringify(buildArticlePost({ locale: 'it', article: outsider, ticketNumber: NUMBER })),
    ).toContain('non dal cliente');
  });

  it('stays within Block Kit limits whatever the sender wrote', () => {
    for (const text of Object.values(NASTY_TEXTS)) {
      const message = buildArticlePost({
        locale: 'en',
        article: { ...outsider, author: text, body: text },
        ticketNumber: NUMBER,
      });
      assertSafe('message', message, allowed);
    }
  });

  it('an ordinary article offers no such button', () => {
    const message = buildArticlePost({ locale: 'en', article: article(), ticketNumber: NUMBER });
    expect(JSON.stringify(message)).not.toContain(ACTIONS.acceptSender);
  });

  it('a forged button value reads as nothing', () => {
    for (const value of [
      '',
      '4',
      `4:${NUMBER}:x`,
      `x:${NUMBER}`,
      `4:<!channel>`,
      `${'9'.repeat(12)}:${NUMBER}`,
    ]) {
      expect(readAcceptSenderValue(value)).toBeNull();
    }
  });

  it('tells the operator what accepting did', () => {
    const done = buildAcceptedSender({
      locale: 'en',
      email: 'colleague@example.org',
      ticketNumber: NUMBER,
      added: true,
    });
    expect(done.text).toBe(
      `colleague@example.org is now a participant of Ticket#${NUMBER}: their mails count as follow-ups.`,
    );
    assertSafe('message', done, allowed);
  });
});

describe('the card of a request whose sender was not authenticated', () => {
  it('warns that the address may be forged (en, it)', () => {
    expect(JSON.stringify(buildTicketCard(card({ senderUnverified: true })))).toContain('may be forged');
    expect(JSON.stringify(buildTicketCard(card({ senderUnverified: true, locale: 'it' })))).toContain(
      'potrebbe essere falso',
    );
    expect(JSON.stringify(buildTicketCard(card()))).not.toContain('may be forged');
  });
});
