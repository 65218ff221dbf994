import { describe, expect, it } from 'vitest';
import { trimQuotedReply } from '../../src/mail/quoted-reply.js';

describe('trimQuotedReply', () => {
  it('drops a trailing quote with its attribution line', () => {
    const text = [
      'Thanks, it works now.',
      '',
      'On Mon, 30 Nov 2026 at 10:00, Helpdesk <helpdesk@ateneo.example> wrote:',
      '> Please restart the router.',
      '>',
      '> Regards',
    ].join('\n');
    expect(trimQuotedReply(text)).toBe('Thanks, it works now.');
  });

  it('knows the Italian attribution and a wrapped one', () => {
    expect(
      trimQuotedReply(
        'Grazie!\n\nIl giorno lun 30 nov 2026 alle 10:00 Helpdesk ha scritto:\n> Riavvii il router.',
      ),
    ).toBe('Grazie!');
    expect(
      trimQuotedReply(
        'Done.\n\nOn Mon, 30 Nov 2026 at 10:00, Helpdesk Informatico\n<helpdesk@ateneo.example> wrote:\n> x',
      ),
    ).toBe('Done.');
  });

  it("drops Outlook's header block and everything below it", () => {
    const text = [
      'See the screenshot attached.',
      '',
      '________________________________',
      'Da: Helpdesk <helpdesk@ateneo.example>',
      'Inviato: lunedì 30 novembre 2026 10:00',
      'A: Mario Bianchi',
      'Oggetto: [Ticket#2026113010000013] Eduroam',
      '',
      'Please send a screenshot.',
    ].join('\n');
    expect(trimQuotedReply(text)).toBe('See the screenshot attached.');
  });

  it('drops an "Original Message" separator and what follows', () => {
    expect(trimQuotedReply('Yes.\n-----Original Message-----\nFrom: x\nSent: y\n\nOld text')).toBe('Yes.');
  });

  it('keeps answers written between quoted lines', () => {
    const text = '> Which building?\nBuilding B.\n> Which floor?\nSecond floor.';
    expect(trimQuotedReply(text)).toBe(text);
  });

  it('keeps a text that is nothing but a quote, and a text without one', () => {
    expect(trimQuotedReply('> only quoted\n> text')).toBe('> only quoted\n> text');
    expect(trimQuotedReply('Plain message.\nSecond line.')).toBe('Plain message.\nSecond line.');
  });

  it('does not mistake a sentence with "From:" for a header block', () => {
    const text = 'Hello,\nFrom: the library I cannot print.\nThanks';
    expect(trimQuotedReply(text)).toBe(text);
  });
});
