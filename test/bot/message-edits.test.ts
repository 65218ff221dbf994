import { describe, expect, it } from 'vitest';
import { messageText } from '../../src/fake-slack/fake-slack.js';
import { ACTIONS, VIEWS } from '../../src/views/ids.js';
import { MARIA, STUDENT, useAppHarness } from '../support/app-harness.js';
import { TEST_CONFIG } from '../support/desk.js';
import {
  cardOf,
  dmOf,
  HELPDESK_CHANNEL,
  openFormOnCard,
  openTicketInSlack,
  outboxSettled,
} from '../support/flows.js';

/**
 * A message that became an article, edited or deleted in Slack: the article keeps every text it had (History
 * shows each change), the copy on the other side follows, and a deleted message is marked, never erased.
 */
describe('edits and deletions of messages that became articles', () => {
  const h = useAppHarness(TEST_CONFIG);

  /** The customer's DM receipt: the message their thread hangs from. */
  async function receiptTs(number: string): Promise<string> {
    const receipt = await h.fake.waitFor(() =>
      dmOf(h, STUDENT).find((m) => (m.thread_ts ?? m.ts) === m.ts && messageText(m).includes(number)),
    );
    return receipt.ts;
  }

  /** The card thread's posts (the queue channel reads Italian) that mention `text`. */
  function threadPostsWith(number: string, text: string) {
    const card = cardOf(h, HELPDESK_CHANNEL, number);
    return h.fake.thread(HELPDESK_CHANNEL, card?.ts ?? '').filter((m) => messageText(m).includes(text));
  }

  /** The History form as an operator (Maria, who reads Italian) opens it from the card, as text. */
  async function historyText(number: string): Promise<string> {
    const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, ACTIONS.more, `history:${number}`);
    expect(view.callback_id).toBe(VIEWS.history);
    return messageText(view.blocks);
  }

  async function customerWrites(number: string, text: string) {
    const dm = h.fake.dmChannelOf(STUDENT);
    const threadTs = await receiptTs(number);
    const sent = await h.slack.messageEvent({ channel: dm, user: STUDENT, text, threadTs });
    return { dm, threadTs, ts: sent.ts };
  }

  it("a customer's edit reaches the queue thread's copy, and History keeps every text", async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const message = await customerWrites(number, 'Uso Windows 10.');
    await h.fake.waitFor(() => threadPostsWith(number, 'Uso Windows 10.')[0]);
    for (const [before, after] of [
      ['Uso Windows 10.', 'Uso Windows 11.'],
      ['Uso Windows 11.', 'Uso Windows 11, aggiornato ieri.'],
    ] as const) {
      await h.slack.messageEvent({
        channel: message.dm,
        user: STUDENT,
        subtype: 'message_changed',
        ts: message.ts,
        threadTs: message.threadTs,
        text: after,
        previousText: before,
      });
      await h.fake.waitFor(() => threadPostsWith(number, after)[0], 5000, `the copy to read "${after}"`);
    }
    // One copy, brought up to date in place: no second post, no stale text left in the thread.
    expect(threadPostsWith(number, 'Uso Windows')).toHaveLength(1);
    expect(threadPostsWith(number, 'Uso Windows 10.')).toHaveLength(0);
    expect(messageText(threadPostsWith(number, 'Uso Windows')[0])).toContain('modificato');
    const history = await historyText(number);
    expect(history).toContain('Uso Windows 10. → Uso Windows 11.');
    expect(history).toContain('Uso Windows 11. → Uso Windows 11, aggiornato ieri.');
  });

  it('a deleted message is marked deleted: its copy says so, History still shows what it said', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const message = await customerWrites(number, 'Il mio numero è 333 1234567');
    await h.fake.waitFor(() => threadPostsWith(number, '333 1234567')[0]);
    await h.slack.messageEvent({
      channel: message.dm,
      user: STUDENT,
      subtype: 'message_deleted',
      ts: message.ts,
      threadTs: message.threadTs,
      previousText: 'Il mio numero è 333 1234567',
    });
    await h.fake.waitFor(() => threadPostsWith(number, "eliminato dall'autore")[0]);
    expect(threadPostsWith(number, '333 1234567')).toHaveLength(0);
    const history = await historyText(number);
    expect(history).toContain('Messaggio eliminato');
    expect(history).toContain('333 1234567');
  });

  it('a message edited before its copy is first posted: the copy reads the latest text, never the stale one', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    // Slack holds the app back for a second: the relay into the queue thread waits in the outbox.
    h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const message = await customerWrites(number, 'Errore 691');
    await h.fake.waitFor(() =>
      h.fake.calls('chat.postMessage').find((c) => messageText(c.args).includes('691')),
    );
    await h.slack.messageEvent({
      channel: message.dm,
      user: STUDENT,
      subtype: 'message_changed',
      ts: message.ts,
      threadTs: message.threadTs,
      text: 'Errore 619',
      previousText: 'Errore 691',
    });
    await h.fake.waitFor(() => threadPostsWith(number, 'Errore 619')[0], 5000, 'the copy with the new text');
    await outboxSettled(h);
    expect(threadPostsWith(number, 'Errore')).toHaveLength(1);
    expect(threadPostsWith(number, 'Errore 691')).toHaveLength(0);
  });

  /** The customer's message in their DM thread, as Slack tells of it: written, or edited (`previousText`). */
  function customerMessageEvent(
    where: { dm: string; threadTs: string; ts: string },
    text: string,
    previousText?: string,
  ) {
    return h.slack.messageEvent({
      channel: where.dm,
      user: STUDENT,
      ts: where.ts,
      threadTs: where.threadTs,
      parentUserId: h.fake.botUserId,
      text,
      ...(previousText !== undefined && { subtype: 'message_changed' as const, previousText }),
    });
  }

  it('an edit that comes before the message it edits: the article and its copy read the edited text', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const where = { dm: h.fake.dmChannelOf(STUDENT), threadTs: await receiptTs(number), ts: h.slack.ts() };
    // Slack's events are not ordered: the edit is told first, the message as first written after it.
    await customerMessageEvent(where, 'La stampante del 2° piano', 'La stampante');
    await h.fake.waitFor(() => threadPostsWith(number, 'La stampante del 2° piano')[0]);
    await customerMessageEvent(where, 'La stampante');
    await outboxSettled(h);
    expect(threadPostsWith(number, 'La stampante')).toHaveLength(1);
    const history = await historyText(number);
    expect(history).toContain('La stampante del 2° piano');
    expect(history).not.toContain('La stampante →');
  });

  it('a message and its edit told at the same moment: whichever is handled first, the edited text wins', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const where = { dm: h.fake.dmChannelOf(STUDENT), threadTs: await receiptTs(number), ts: h.slack.ts() };
    await Promise.all([
      customerMessageEvent(where, 'Aula 12'),
      customerMessageEvent(where, 'Aula 21', 'Aula 12'),
    ]);
    await h.fake.waitFor(() => threadPostsWith(number, 'Aula 21')[0], 5000, 'the copy with the edited text');
    await outboxSettled(h);
    expect(threadPostsWith(number, 'Aula')).toHaveLength(1);
    expect(messageText(threadPostsWith(number, 'Aula')[0])).toContain('Aula 21');
  });

  it("an operator's edited note is kept with its earlier text; nothing reaches the customer", async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const card = cardOf(h, HELPDESK_CHANNEL, number);
    const dmBefore = dmOf(h, STUDENT).length;
    const sent = await h.slack.messageEvent({
      channel: HELPDESK_CHANNEL,
      user: MARIA,
      text: 'Forse è il certificato',
      threadTs: card?.ts,
    });
    await h.fake.waitFor(async () =>
      (await historyText(number)).includes('Forse è il certificato') ? true : undefined,
    );
    await h.slack.messageEvent({
      channel: HELPDESK_CHANNEL,
      user: MARIA,
      subtype: 'message_changed',
      ts: sent.ts,
      threadTs: card?.ts,
      text: 'È il certificato scaduto',
      previousText: 'Forse è il certificato',
    });
    await h.fake.waitFor(async () =>
      (await historyText(number)).includes('Forse è il certificato → È il certificato scaduto')
        ? true
        : undefined,
    );
    await outboxSettled(h);
    expect(dmOf(h, STUDENT)).toHaveLength(dmBefore);
  });
});
