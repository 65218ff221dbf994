import type { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { recordSlackPost } from '../../src/core/slack-posts.js';
import { mirrorArticle } from '../../src/delivery/slack/mirror-article.js';
import { maria, type TestDesk } from '../support/desk.js';
import { buildMail, createMailDesk, landed, quietLogger, receive } from './helpers.js';

let t: TestDesk;
beforeEach(async () => {
  t = await createMailDesk();
});
afterEach(() => t.close());

it('the Slack thread gets a reply by email without its quoted history; the database keeps it whole', async () => {
  const opened = landed(await receive(t, buildMail({ subject: 'Printer' })));
  const { ticket } = await t.desk.getTicket(maria, opened.ticketNumber);
  await recordSlackPost(t.ctx, {
    ticketId: ticket.id,
    kind: 'queue_card',
    queueId: ticket.queueId,
    channelId: 'C0HELPDESK',
    ts: '1700000000.000100',
  });
  const body =
    'It prints now, thanks.\n\nOn Mon, 30 Nov 2026 at 10:00, Helpdesk wrote:\n> Try the other tray.';
  const reply = landed(await receive(t, buildMail({ subject: `Re: [Ticket#${opened.ticketNumber}]`, body })));
  expect((await t.desk.getTicket(maria, opened.ticketNumber)).articles[1]?.body).toBe(body);

  const posts: unknown[] = [];
  const client = {
    chat: {
      postMessage: async (args: unknown) => {
        posts.push(args);
        return { ok: true, ts: '1700000000.000200' };
      },
    },
  } as unknown as WebClient;
  const deps = {
    desk: t.desk,
    client,
    logger: quietLogger(),
    view: { locale: 'en' as const, timeZone: 'Europe/Rome' },
    people: { get: async () => ({ avatarUrl: null }) },
  };
  await mirrorArticle(deps, ticket.id, reply.articleId);
  const posted = JSON.stringify(posts);
  expect(posted).toContain('It prints now, thanks.');
  expect(posted).not.toContain('Try the other tray');
});
