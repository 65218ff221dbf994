import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { hasPendingSearchText, indexSearchTextBatch } from '../../src/core/search-index.js';
import { maria, openSimple, student, useTestDesk } from '../support/desk.js';

const t = useTestDesk();

/** Rows in the FTS5 index matching `word` (what the index holds, not what a search would catch up on). */
function indexedMatches(table: 'tickets_fts' | 'articles_fts', word: string): number {
  const row = t.db.get<{ n: number }>(
    sql`select count(*) as n from ${sql.identifier(table)} where ${sql.identifier(table)} match ${word}`,
  );
  return row?.n ?? 0;
}

/** The articles of a Slack request with a known channel and ts, so the test can edit it as Slack would. */
function openWithSlackMessage(title: string, body: string, ts: string) {
  return t.desk.openTicket(student, {
    queueKey: 'helpdesk',
    title,
    article: { channel: 'slack', body, slackChannelId: 'D0STUDENT1', slackTs: ts },
  });
}

describe('full-text indexing in batches', () => {
  it('leaves new tickets out of the index until a batch runs, and a search runs one first', async () => {
    await openSimple(t, student, 'helpdesk', 'Stampante inceppata');
    expect(await hasPendingSearchText(t.db)).toBe(true);
    expect(indexedMatches('tickets_fts', 'stampante')).toBe(0);

    expect(await t.desk.searchTickets(maria, 'stampante')).toHaveLength(1);
    expect(await hasPendingSearchText(t.db)).toBe(false);
    expect(indexedMatches('tickets_fts', 'stampante')).toBe(1);
  });

  it('indexes a backlog batch by batch, each row once', async () => {
    for (let i = 0; i < 7; i++) await openSimple(t, student, 'helpdesk', `Toner finito ${i}`);
    expect(await indexSearchTextBatch(t.ctx, 3)).toEqual({ tickets: 3, articles: 3 });
    expect(await indexSearchTextBatch(t.ctx, 3)).toEqual({ tickets: 3, articles: 3 });
    expect(await t.desk.indexSearchText(3)).toEqual({ tickets: 1, articles: 1 });
    expect(await t.desk.indexSearchText()).toEqual({ tickets: 0, articles: 0 });
    expect(indexedMatches('tickets_fts', 'toner')).toBe(7);
    expect(await t.desk.searchTickets(maria, 'toner')).toHaveLength(7);
  });

  it('applies an edit at once to an article already indexed, and indexes the edited text of one not yet', async () => {
    await openWithSlackMessage('Badge', 'Il badge non apre la porta', '1700000000.000100');
    await t.desk.indexSearchText();
    await t.desk.recordMessageEdit(
      student,
      'D0STUDENT1',
      '1700000000.000100',
      'Il tesserino non apre il cancello',
    );
    expect(indexedMatches('articles_fts', 'porta')).toBe(0);
    expect(await t.desk.searchTickets(maria, 'cancello')).toHaveLength(1);
    expect(await t.desk.searchTickets(maria, 'porta')).toEqual([]);

    await openWithSlackMessage('Aula', 'Il proiettore in aula 3 è spento', '1700000000.000200');
    await t.desk.recordMessageEdit(
      student,
      'D0STUDENT1',
      '1700000000.000200',
      'Il microfono in aula 3 fischia',
    );
    expect(await t.desk.searchTickets(maria, 'microfono')).toHaveLength(1);
    expect(await t.desk.searchTickets(maria, 'proiettore')).toEqual([]);
    // The external-content index agrees with the articles table: nothing stale left behind.
    t.handle.sqlite.exec(`insert into articles_fts(articles_fts, rank) values ('integrity-check', 1)`);
    t.handle.sqlite.exec(`insert into tickets_fts(tickets_fts, rank) values ('integrity-check', 1)`);
  });
});
