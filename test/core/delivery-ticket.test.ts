import { describe, expect, it } from 'vitest';
import { queueKeyOf, ticketNumberOf } from '../../src/core/model.js';
import { anna, maria, openSimple, START, student, systemActor, useTestDesk } from '../support/desk.js';

const t = useTestDesk();

const minutesLater = (minutes: number) => t.clock.set(new Date(START.getTime() + minutes * 60_000));

/** A notice mail the desk sent, kept as an article with its Message-ID. */
async function sentMail(number: string, body: string, messageId: string) {
  return (
    await t.desk.addArticle(systemActor, ticketNumberOf(number), {
      kind: 'system',
      channel: 'email',
      customerVisible: true,
      body,
      messageId,
    })
  ).article;
}

describe('what a delivery reads of a ticket', () => {
  it('is the request, the one article delivered and the latest Message-IDs, as the full view shows them', async () => {
    const duplicate = (await openSimple(t, student, 'helpdesk', 'Stampante guasta')).ticket;
    await sentMail(duplicate.number, 'Ricevuto (duplicato)', '<sportello.1@ateneo.example>');
    minutesLater(1);
    const target = (await openSimple(t, student, 'helpdesk', 'La stampante non stampa')).ticket;
    minutesLater(2);
    await sentMail(target.number, 'Ricevuto', '<sportello.2@ateneo.example>');
    const reply = (
      await t.desk.addArticle(maria, target.number, {
        kind: 'reply',
        channel: 'slack',
        body: 'Prova a riavviarla.',
      })
    ).article;
    minutesLater(3);
    await sentMail(target.number, 'Risposta', '<sportello.3@ateneo.example>');
    await t.desk.mergeTickets(maria, duplicate.number, target.number);

    const read = await t.desk.deliveryTicket(target.id, { articleId: reply.id, messageIds: 2 });
    const full = await t.desk.getTicket(anna, target.number);
    expect(read.request).toEqual(full.articles[0]);
    expect(read.request?.body).toContain('Stampante guasta');
    expect(read.article).toEqual(full.articles.find((a) => a.id === reply.id));
    expect(read.article?.authorName).toBe('Maria Rossi');
    expect(read.latestMessageIds).toEqual(['<sportello.2@ateneo.example>', '<sportello.3@ateneo.example>']);
    expect(JSON.stringify(read)).not.toMatch(/Ricevuto|Risposta/);
    expect(read.history).toEqual([]);
    expect({ ...read, request: null, article: null, latestMessageIds: [] }).toEqual({
      view: full.view,
      ticket: full.ticket,
      queue: full.queue,
      customerQueue: full.customerQueue,
      customer: full.customer,
      owner: full.owner,
      responsible: full.responsible,
      links: full.links,
      tags: full.tags,
      fields: full.fields,
      request: null,
      article: null,
      history: [],
      latestMessageIds: [],
    });
  });

  it('leaves out an article of another ticket, and reads the history only when asked', async () => {
    const other = (await openSimple(t, student, 'didattica', 'Esame')).ticket;
    const ticket = (await openSimple(t)).ticket;
    await t.desk.claimTicket(maria, ticket.number);
    const foreign = (await t.desk.getTicket(anna, other.number)).articles[0];

    const read = await t.desk.deliveryTicket(ticket.id, { articleId: foreign?.id, history: true });
    expect(read.article).toBeNull();
    expect(read.history).toEqual((await t.desk.getTicket(anna, ticket.number)).history);
    expect(read.latestMessageIds).toEqual([]);
  });

  it('names the first-level queue the customer deals with, for a ticket escalated to a sub-queue', async () => {
    const ticket = (await openSimple(t)).ticket;
    await t.desk.escalateTicket(maria, ticket.number, queueKeyOf('reti'), 'Access point on floor 3 is down');

    const read = await t.desk.deliveryTicket(ticket.id);
    expect(read.queue.key).toBe('reti');
    expect(read.customerQueue.key).toBe('helpdesk');
    const theirs = await t.desk.getTicket(student, ticket.number);
    expect(theirs.queue.key).toBe('helpdesk');
    expect(theirs.customerQueue.key).toBe('helpdesk');
  });
});
