import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { queueKeyOf, slackUserIdOf } from '../../src/core/model.js';
import { student, type TestDesk } from '../support/desk.js';
import {
  buildMail,
  createMailDesk,
  emailNotices,
  landed,
  receive,
  refusals,
  ticketCount,
} from './helpers.js';

/** The organisation's border server, whose Authentication-Results the desk believes. */
const trusted = { trustedAuthservIds: ['mx.ateneo.example'] };
const results = (verdict: string, domain: string) => ({
  'Authentication-Results': `mx.ateneo.example; dmarc=${verdict} header.from=${domain}`,
});

let t: TestDesk;
beforeEach(async () => {
  t = await createMailDesk();
});
afterEach(() => t.close());

describe('when the desk checks senders (mail_authentication)', () => {
  it('a mail forged as a Slack user opens nothing in their name: kept as refused', async () => {
    await t.desk.openTicket(student, {
      queueKey: queueKeyOf('helpdesk'),
      title: 'Printer',
      article: { channel: 'slack', body: 'It jams.' },
      customer: { slackUserId: slackUserIdOf('U0STUDENT1'), email: 'sofia.gallo@studenti.example' },
    });
    const before = await ticketCount(t);
    const forged = buildMail({
      from: 'Sofia Gallo <sofia.gallo@studenti.example>',
      subject: 'Reset my password',
    });
    const result = await receive(t, forged, trusted);
    expect(result).toMatchObject({ status: 'refused' });
    expect((await refusals(t)).at(-1)?.reason).toMatch(/sender was not authenticated/);
    expect(await ticketCount(t)).toBe(before);
  });

  it('an unauthenticated new sender gets a ticket but no automatic notice; an authenticated one gets both', async () => {
    const forged = landed(await receive(t, buildMail({ headers: results('fail', 'example.org') }), trusted));
    expect(forged).toMatchObject({ status: 'opened', autoReply: false });
    expect(forged.noAutoReplyReason).toMatch(/not authenticated \(fail\)/);
    expect(await emailNotices(t, forged.ticketNumber)).toEqual([]);
    const article = (await t.desk.getTicket({ kind: 'system', label: 'test' }, forged.ticketNumber))
      .articles[0];
    expect(article?.mailAuth).toBe('fail');

    const real = landed(
      await receive(
        t,
        buildMail({ from: 'Anna <anna@example.net>', headers: results('pass', 'example.net') }),
        trusted,
      ),
    );
    expect(real).toMatchObject({ status: 'opened', autoReply: true });
    expect(await emailNotices(t, real.ticketNumber)).toEqual(['received:email']);
  });

  it("a follow-up from the customer's address that did not pass is not the customer's", async () => {
    const opened = landed(await receive(t, buildMail({ headers: results('pass', 'example.org') }), trusted));
    const reply = (verdict: string) =>
      buildMail({ subject: `Re: [Ticket#${opened.ticketNumber}]`, headers: results(verdict, 'example.org') });
    expect(await receive(t, reply('fail'), trusted)).toMatchObject({ outcome: 'not_from_customer' });
    expect(await receive(t, reply('pass'), trusted)).toMatchObject({ outcome: 'appended' });
  });

  it('without trusted servers configured, senders are not checked (and nothing is recorded)', async () => {
    const opened = landed(await receive(t, buildMail({ headers: results('fail', 'example.org') })));
    expect(opened).toMatchObject({ status: 'opened', autoReply: true });
    const article = (await t.desk.getTicket({ kind: 'system', label: 'test' }, opened.ticketNumber))
      .articles[0];
    expect(article?.mailAuth).toBeNull();
  });
});

describe('hourly caps', () => {
  it('the whole desk sends at most so many automatic notices an hour, whatever the senders', async () => {
    const caps = { deskAutoReplyHourlyCap: 3 };
    const notified: boolean[] = [];
    for (let i = 0; i < 5; i++) {
      const result = landed(await receive(t, buildMail({ from: `sender${i}@forged.example` }), caps));
      notified.push(result.autoReply);
    }
    expect(notified).toEqual([true, true, true, false, false]);
    t.clock.advance(61 * 60_000);
    expect(landed(await receive(t, buildMail({ from: 'later@forged.example' }), caps)).autoReply).toBe(true);
  });

  it('a sender flooding the desk, or one ticket, is kept as refused beyond the cap', async () => {
    const bySender = [];
    for (let i = 0; i < 4; i++) bySender.push((await receive(t, buildMail(), { senderHourlyCap: 3 })).status);
    expect(bySender).toEqual(['opened', 'opened', 'opened', 'refused']);
    expect((await refusals(t)).at(-1)?.reason).toMatch(/sent 3 mails in the last hour/);

    const opened = landed(await receive(t, buildMail({ from: 'x@example.net' })));
    const onTicket = [];
    for (let i = 0; i < 3; i++) {
      const follow = buildMail({ from: `other${i}@example.net`, subject: `[Ticket#${opened.ticketNumber}]` });
      onTicket.push((await receive(t, follow, { ticketHourlyCap: 2 })).status);
    }
    // The opening mail counts too: one more lands, the rest are refused.
    expect(onTicket).toEqual(['followed_up', 'refused', 'refused']);
    expect((await refusals(t)).at(-1)?.reason).toMatch(/got 2 mails in the last hour/);
  });

  it('what was taken more than a day ago is forgotten', async () => {
    await receive(t, buildMail());
    t.clock.advance(25 * 3_600_000);
    expect(await t.desk.forgetOldMailIntake()).toBe(1);
    expect(await t.desk.forgetOldMailIntake()).toBe(0);
  });
});
