import { afterEach, describe, expect, it } from 'vitest';
import { cardData } from '../../../src/present/card-data.js';
import { texts } from '../../../src/views/locale.js';
import { slaLine } from '../../../src/views/ticket-card.js';
import type { TestDesk } from '../../support/desk.js';
import { maria, open, slaDesk } from './sla-desk.js';

let t: TestDesk;
afterEach(() => t.close());

/** The SLA words of the ticket's card as the desk would render it now. */
async function slaOfCard(ticket: { id: number }, locale: 'en' | 'it' = 'en'): Promise<string | null> {
  const details = await t.desk.deliveryTicket(ticket.id);
  const card = await cardData(t.desk, details, details.request, details.queue, {
    locale,
    timeZone: 'Europe/Rome',
  });
  return slaLine(texts(locale), card);
}

describe('the card’s SLA', () => {
  it('shows each promise with when it falls due, a warning badge, a breach badge, and a pause', async () => {
    t = await slaDesk('2026-02-09T10:00:00+01:00');
    const ticket = await open(t);
    t.clock.set(new Date('2026-02-09T10:35:00+01:00'));
    expect(await slaOfCard(ticket)).toBe(
      [
        'First response due in 25 min (2026-02-09 11:00)',
        'Update due in 4 h (2026-02-09 15:00)',
        'Solution due in 6 days (2026-02-16 10:00)',
      ].join('\n'),
    );

    t.clock.set(new Date('2026-02-09T10:50:00+01:00'));
    await t.desk.runDueJobs();
    expect((await slaOfCard(ticket))?.split('\n')[0]).toBe(':warning: SLA warning');

    t.clock.set(new Date('2026-02-09T13:00:00+01:00'));
    expect((await slaOfCard(ticket, 'it'))?.split('\n').slice(0, 2)).toEqual([
      ':rotating_light: SLA scaduto',
      'Prima risposta: scaduto da 2 ore (09/02/2026 11:00)',
    ]);

    await t.desk.addArticle(maria, ticket.number, { kind: 'reply', channel: 'slack', body: 'Eccomi.' });
    await t.desk.setPending(maria, ticket.number, 'pending_reminder', new Date('2026-02-11T10:00:00+01:00'));
    expect(await slaOfCard(ticket)).toBe(
      ['First response given late', 'SLA paused while waiting on the customer'].join('\n'),
    );
  });
});
