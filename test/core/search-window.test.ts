import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { queueKeyOf } from '../../src/core/model.js';
import { MAX_SEARCH_WINDOW } from '../../src/core/queries/search.js';
import { maria, openSimple, paolo, student, type TestDesk, useTestDesk } from '../support/desk.js';
import { runStatement } from '../support/full-text.js';

const t = useTestDesk();

/**
 * Adds `count` articles repeating the first article of `ticketId`: a busy ticket in another queue whose
 * articles all match the same words. Written in one statement, as thousands of requests would be slow.
 */
async function repeatFirstArticle(d: TestDesk, ticketId: number, count: number): Promise<void> {
  await runStatement(
    d,
    sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < ${count})
       insert into articles (ticket_id, article_number, sender_type, channel, customer_visible, body, created_at)
       select a.ticket_id, a.article_number + n.i, a.sender_type, a.channel, a.customer_visible, a.body, a.created_at
       from articles a, n where a.ticket_id = ${ticketId} and a.article_number = 1`,
  );
}

describe('search on a desk where another queue holds most matches', () => {
  it('finds the searcher’s own older tickets behind thousands of newer matches elsewhere', async () => {
    const own = (await openSimple(t, student, 'helpdesk', 'Stampante rotta')).ticket;
    const busy = (await openSimple(t, student, 'didattica', 'Stampante aula studio')).ticket;
    await repeatFirstArticle(t, busy.id, 3_000);

    const forMaria = await t.desk.ticketSearch(maria, 'stampante');
    expect(forMaria.tickets.map((x) => x.number)).toEqual([own.number]);
    expect(forMaria.refine).toBe(false);
    const forPaolo = await t.desk.ticketSearch(paolo, 'stampante');
    expect(forPaolo.tickets.map((x) => x.number)).toEqual([busy.number]);
    expect(forPaolo.refine).toBe(false);
  });

  it('stops looking past the window of newest matches and asks to refine the search', async () => {
    const own = (
      await t.desk.openTicket(student, {
        queueKey: queueKeyOf('helpdesk'),
        title: 'Guasto al secondo piano',
        article: { channel: 'slack', body: 'La stampante è rotta.' },
      })
    ).ticket;
    const busy = (await openSimple(t, student, 'didattica', 'Stampante aula studio')).ticket;
    await repeatFirstArticle(t, busy.id, MAX_SEARCH_WINDOW);

    const broad = await t.desk.ticketSearch(maria, 'stampante');
    expect(broad.tickets).toEqual([]);
    expect(broad.refine).toBe(true);
    const narrow = await t.desk.ticketSearch(maria, 'stampante rotta');
    expect(narrow.tickets.map((x) => x.number)).toEqual([own.number]);
    expect(narrow.refine).toBe(false);
    // The operator of the busy queue finds it among the newest matches.
    expect((await t.desk.ticketSearch(paolo, 'stampante')).tickets.map((x) => x.number)).toEqual([
      busy.number,
    ]);
  });
});
