import { describe, expect, it } from 'vitest';
import { queueKeyOf } from '../../src/core/model.js';
import { hasPendingSearchText, indexSearchTextBatch } from '../../src/core/search-index.js';
import { maria, openSimple, student, useTestDesk } from '../support/desk.js';
import { checkIndexAgreesWithRows, indexedMatches } from '../support/full-text.js';

const t = useTestDesk();

/** The articles of a Slack request with a known channel and ts, so the test can edit it as Slack would. */
function openWithSlackMessage(title: string, body: string, ts: string) {
  return t.desk.openTicket(student, {
    queueKey: queueKeyOf('helpdesk'),
    title,
    article: { channel: 'slack', body, slackChannelId: 'D0STUDENT1', slackTs: ts },
  });
}

describe('full-text indexing in batches', () => {
  it('leaves new tickets out of the index until a batch runs, and a search runs one first', async () => {
    await openSimple(t, student, 'helpdesk', 'Stampante inceppata');
    expect(await hasPendingSearchText(t.db)).toBe(true);
    expect(await indexedMatches(t, 'titles', 'stampante')).toBe(0);

    expect(await t.desk.searchTickets(maria, 'stampante')).toHaveLength(1);
    expect(await hasPendingSearchText(t.db)).toBe(false);
    expect(await indexedMatches(t, 'titles', 'stampante')).toBe(1);
  });

  it('indexes a backlog batch by batch, each row once', async () => {
    for (let i = 0; i < 7; i++) await openSimple(t, student, 'helpdesk', `Toner finito ${i}`);
    expect(await indexSearchTextBatch(t.ctx, 3)).toEqual({ tickets: 3, articles: 3 });
    expect(await indexSearchTextBatch(t.ctx, 3)).toEqual({ tickets: 3, articles: 3 });
    expect(await t.desk.indexSearchText(3)).toEqual({ tickets: 1, articles: 1 });
    expect(await t.desk.indexSearchText()).toEqual({ tickets: 0, articles: 0 });
    expect(await indexedMatches(t, 'titles', 'toner')).toBe(7);
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
    expect(await indexedMatches(t, 'articles', 'porta')).toBe(0);
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
    await checkIndexAgreesWithRows(t);
  });
});
