import { asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { slackUserIdOf, ticketNumberOf } from '../../src/core/model.js';
import { messageText } from '../../src/fake-slack/fake-slack.js';
import type { ViewInput } from '../../src/fake-slack/slack-requests.js';
import { type AppHarness, LUCA, MARIA, STUDENT, startAppHarness } from '../support/app-harness.js';
import { TEST_CONFIG } from '../support/desk.js';
import {
  cardOf,
  dmOf,
  HELPDESK_CHANNEL,
  openFormOnCard,
  openTicketInSlack,
  outboxSettled,
  pressMore,
  waitForCard,
  waitForMessageWith,
} from '../support/flows.js';
import { type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';

const ITALIAN_STUDENT = 'U0STUDENT2';

/** The test desk, its helpdesk offering canned responses and suggesting tags. */
function configWith(responses: string): string {
  const sla = '    sla: { first_response_minutes: 60, update_minutes: 240, solution_minutes: 2400 }\n';
  return TEST_CONFIG.replace(sla, `${sla}    tags: [rete, eduroam, password]\n    responses:\n${responses}`);
}

const RESPONSES = `      - key: eduroam
        title: Eduroam, profilo da reinstallare
        text:
          it: "Gentile {customer_name}, sul Ticket#{ticket_number} ({queue}) le scrive {operator}: reinstalli il profilo eduroam. Risolviamo entro {due}."
          en: "Dear {customer_name}, about Ticket#{ticket_number} ({queue}) {operator} writes: reinstall the eduroam profile. We solve it by {due}."
        new_state: pending_reminder
        pending_days: 3
`;

let sink: SmtpSink;
let h: AppHarness;

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.stop();
});

function useDesk(responses: string) {
  beforeEach(async () => {
    h = await startAppHarness(configWith(responses), { smtpUrl: sink.url() });
  });
  afterEach(async () => {
    await h.stop();
  });
}

interface SelectElement {
  type: string;
  action_id?: string;
  options?: { text: { text: string }; value: string }[];
  option_groups?: { options: { text: { text: string }; value: string }[] }[];
}

/** The Reply form's response menu, with its options (grouped or not). */
function responseMenu(view: ViewInput) {
  const blocks = (view.blocks ?? []) as { type: string; elements?: SelectElement[] }[];
  const menu = blocks
    .flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []))
    .find((e) => e.action_id === 'reply_response');
  if (!menu) return undefined;
  const options = menu.options ?? menu.option_groups?.flatMap((g) => g.options) ?? [];
  return { menu, options };
}

/** The body input of the Reply form: its block id and what it shows. */
function replyBody(view: ViewInput) {
  const blocks = (view.blocks ?? []) as {
    block_id?: string;
    element?: { action_id?: string; initial_value?: string };
  }[];
  const block = blocks.find((b) => b.element?.action_id === 'body');
  if (!block?.block_id) throw new Error('no body input');
  return { blockId: block.block_id, text: block.element?.initial_value ?? '' };
}

/** Opens the Reply form, picks the response titled `title`, and resolves with the form as Slack then shows it. */
async function pickResponse(number: string, title: string) {
  const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, 'ticket_reply');
  const option = responseMenu(view)?.options.find((o) => o.text.text === title);
  if (!option) throw new Error(`no response "${title}" in the menu`);
  const before = replyBody(view).blockId;
  await h.slack.blockAction({
    userId: MARIA,
    actionId: 'reply_response',
    type: 'static_select',
    selectedOption: { value: option.value, text: title },
    view,
  });
  const updated = await h.fake.waitFor(
    () => {
      const current = h.fake.view(view.id);
      return current && replyBody(current).blockId !== before ? current : undefined;
    },
    5000,
    'the Reply form filled with the response',
  );
  return { view: updated, responseId: option.value };
}

async function submitReply(view: ViewInput, text: string, save?: string) {
  const values: Record<
    string,
    Record<string, { type: string; value?: string | null; selected_options?: { value: string }[] }>
  > = {
    [replyBody(view).blockId]: { body: { type: 'plain_text_input', value: text } },
    save_response: {
      save_response: { type: 'checkboxes', selected_options: save ? [{ value: 'yes' }] : [] },
    },
    response_title: { response_title: { type: 'plain_text_input', value: save ?? null } },
  };
  const response = await h.slack.viewSubmission({ userId: MARIA, view, values });
  expect(response.body).toBe('');
  await outboxSettled(h);
}

async function historyOf(number: string) {
  const { history, tickets } = h.tables;
  return h.db
    .select({ event: history.event, oldValue: history.oldValue, newValue: history.newValue })
    .from(history)
    .innerJoin(tickets, eq(tickets.id, history.ticketId))
    .where(eq(tickets.number, ticketNumberOf(number)))
    .orderBy(asc(history.id));
}

/** The customer's name as the desk knows it (what `{customer_name}` stands for). */
async function customerName(slackUserId: string): Promise<string> {
  const { customers } = h.tables;
  const [row] = await h.db
    .select()
    .from(customers)
    .where(eq(customers.slackUserId, slackUserIdOf(slackUserId)));
  if (!row) throw new Error(`no customer ${slackUserId}`);
  return row.name;
}

async function command(userId: string, text: string) {
  const response = await h.slack.command({ text, userId, channelId: 'C0GENERAL1' });
  expect(response.status).toBe(200);
  return response;
}

describe('canned responses', () => {
  useDesk(RESPONSES);

  it('fills a response in the customer language, by DM and by mail, names it in history and applies its state', async () => {
    const english = await openTicketInSlack(h, STUDENT, { notifyVia: 'both' });
    const { view } = await pickResponse(english, 'Eduroam, profilo da reinstallare');
    const filled = replyBody(view).text;
    const sofia = await customerName(STUDENT);
    expect(filled).toContain(
      `Dear ${sofia}, about Ticket#${english} (Helpdesk informatico) Maria Rossi writes`,
    );
    expect(filled).not.toMatch(/\{\w+\}/);
    await submitReply(view, filled);

    await waitForMessageWith(h, h.fake.dmChannelOf(STUDENT), `Dear ${sofia},`);
    const mail = await h.fake.waitFor(
      () => sink.messages.find((m) => m.subject.includes(english) && m.text.includes(`Dear ${sofia},`)),
      8000,
      'the reply by mail',
    );
    expect(mail.to).toEqual(['sofia.gallo@studenti.example']);
    await waitForCard(h, HELPDESK_CHANNEL, english, (text) => text.includes('in attesa'));
    const events = await historyOf(english);
    expect(events).toContainEqual({
      event: 'SendAnswer',
      oldValue: null,
      newValue: 'Eduroam, profilo da reinstallare',
    });
    expect(events.map((e) => e.event)).toContain('SetPendingTime');
    const { tickets } = h.tables;
    const [row] = await h.db.select().from(tickets).where(eq(tickets.number, english));
    expect(row?.state).toBe('pending_reminder');
    const days = ((row?.pendingUntil?.getTime() ?? 0) - h.clock.now().getTime()) / 86_400_000;
    expect(days).toBeCloseTo(3, 1);

    const italian = await openTicketInSlack(h, ITALIAN_STUDENT, { subject: 'Wi-Fi in aula' });
    const picked = await pickResponse(italian, 'Eduroam, profilo da reinstallare');
    const marco = await customerName(ITALIAN_STUDENT);
    expect(replyBody(picked.view).text).toContain(`Gentile ${marco}, sul Ticket#${italian}`);
    await submitReply(picked.view, replyBody(picked.view).text);
    await waitForMessageWith(h, h.fake.dmChannelOf(ITALIAN_STUDENT), `Gentile ${marco},`);
  });

  it('saves a reply as a personal response, offers it to its owner only, and deletes it for its owner only', async () => {
    const first = await openTicketInSlack(h, STUDENT);
    const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, first, 'ticket_reply');
    await submitReply(view, 'La stampante del piano terra è di nuovo in linea.', 'Stampante in linea');

    const second = await openTicketInSlack(h, ITALIAN_STUDENT);
    const picked = await pickResponse(second, 'Stampante in linea (tua)');
    expect(replyBody(picked.view).text).toBe('La stampante del piano terra è di nuovo in linea.');
    await submitReply(picked.view, replyBody(picked.view).text);
    expect(await historyOf(second)).toContainEqual({
      event: 'SendAnswer',
      oldValue: null,
      newValue: 'Stampante in linea',
    });

    // Luca answers in reti only: the helpdesk's form is not his, and Maria's response never shows to him.
    const listed = await command(MARIA, 'risposte');
    const list = listed.json<{
      blocks: { type: string; accessory?: { action_id: string; value: string } }[];
    }>();
    expect(messageText(list)).toContain('Stampante in linea');
    expect(messageText(list)).toContain('Eduroam, profilo da reinstallare');
    const deleteButton = list.blocks.flatMap((b) => (b.accessory ? [b.accessory] : []))[0];
    expect(deleteButton?.action_id).toBe('response_delete');
    expect(messageText((await command(LUCA, 'responses')).json())).not.toContain('Stampante in linea');

    await h.slack.blockAction({
      userId: LUCA,
      actionId: 'response_delete',
      value: deleteButton?.value ?? '',
      channelId: 'C0GENERAL1',
      message: { ts: h.slack.ts(), text: '', blocks: list.blocks },
      isEphemeral: true,
    });
    await h.fake.waitFor(
      () => h.fake.ephemerals('C0GENERAL1').find((e) => messageText(e).includes('non esiste')),
      5000,
      'the refusal to Luca',
    );
    const { responses } = h.tables;
    expect(await h.db.select().from(responses).where(eq(responses.source, 'personal'))).toHaveLength(1);

    await h.slack.blockAction({
      userId: MARIA,
      actionId: 'response_delete',
      value: deleteButton?.value ?? '',
      channelId: 'C0GENERAL1',
      message: { ts: h.slack.ts(), text: '', blocks: list.blocks },
      isEphemeral: true,
    });
    const replaced = await h.fake.waitFor(
      () => h.fake.responses().find((r) => JSON.stringify(r.body).includes('eliminata')),
      5000,
      'the list without the deleted response',
    );
    expect(messageText(replaced.body)).not.toContain('La stampante del piano terra');
    expect(await h.db.select().from(responses).where(eq(responses.source, 'personal'))).toHaveLength(0);
  });
});

describe('tags', () => {
  useDesk(RESPONSES);

  it('are added and removed from the card, recorded, searched, exported and counted', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const other = await openTicketInSlack(h, ITALIAN_STUDENT, { subject: 'Stampante bloccata' });
    let { triggerId } = await pressMore(h, MARIA, HELPDESK_CHANNEL, number, 'tags');
    let view = await h.fake.waitFor(() => h.fake.viewByTrigger(triggerId), 5000, 'the Tags form');
    const offered = JSON.stringify(view.blocks);
    for (const tag of ['rete', 'eduroam', 'password']) expect(offered).toContain(`"value":"${tag}"`);
    let response = await h.slack.viewSubmission({
      userId: MARIA,
      view,
      values: {
        tags: { tags: { type: 'multi_static_select', selected_options: [{ value: 'password' }] } },
        new_tags: { new_tags: { type: 'plain_text_input', value: ' Rete , EDUROAM,,  Aula Magna ' } },
      },
    });
    expect(response.body).toBe('');
    await waitForCard(h, HELPDESK_CHANNEL, number, (t) =>
      t.includes('Etichette: aula-magna · eduroam · password · rete'),
    );

    ({ triggerId } = await pressMore(h, MARIA, HELPDESK_CHANNEL, number, 'tags'));
    view = await h.fake.waitFor(() => h.fake.viewByTrigger(triggerId), 5000, 'the Tags form again');
    response = await h.slack.viewSubmission({
      userId: MARIA,
      view,
      values: {
        tags: {
          tags: { type: 'multi_static_select', selected_options: [{ value: 'rete' }, { value: 'eduroam' }] },
        },
        new_tags: { new_tags: { type: 'plain_text_input', value: null } },
      },
    });
    expect(response.body).toBe('');
    await waitForCard(h, HELPDESK_CHANNEL, number, (t) => t.includes('Etichette: eduroam · rete'));
    const tagEvents = (await historyOf(number)).filter((e) => e.event.startsWith('Tag'));
    expect(tagEvents).toEqual([
      { event: 'TagAdd', oldValue: null, newValue: 'aula-magna' },
      { event: 'TagAdd', oldValue: null, newValue: 'eduroam' },
      { event: 'TagAdd', oldValue: null, newValue: 'password' },
      { event: 'TagAdd', oldValue: null, newValue: 'rete' },
      { event: 'TagRemove', oldValue: 'aula-magna', newValue: null },
      { event: 'TagRemove', oldValue: 'password', newValue: null },
    ]);

    const search = async (words: string) => messageText((await command(MARIA, `search ${words}`)).json());
    expect(await search('tag:rete')).toContain(number);
    expect(await search('tag:rete')).not.toContain(other);
    expect(await search('tag:Rete eduroam')).toContain(number);
    expect(await search('tag:rete stampante')).not.toContain(number);
    expect(await search('tag:password')).not.toContain(number);

    await command(MARIA, 'export');
    const dm = h.fake.dmChannelOf(MARIA);
    const csv = await h.fake.waitFor(
      () =>
        h.fake
          .files()
          .find((f) => f.completed && f.name.endsWith('.csv') && f.shares.some((s) => s.channel === dm)),
      5000,
      'the CSV in the DM',
    );
    const text = csv.bytes?.toString('utf8') ?? '';
    expect(text.split('\r\n')[0]).toMatch(/,tags$/);
    expect(text).toContain('"eduroam, rete"');

    const stats = messageText((await command(MARIA, 'stats')).json());
    expect(stats).toContain('Per etichetta');
    expect(stats).toMatch(/rete\*?: 1 aperti/);
    expect(
      dmOf(h, STUDENT)
        .map((m) => messageText(m))
        .join('\n'),
    ).not.toContain('eduroam · rete');
    expect(cardOf(h, HELPDESK_CHANNEL, other)).toBeDefined();
  });
});

describe('Block Kit limits with many responses', () => {
  const many = Array.from(
    { length: 150 },
    (_, i) =>
      `      - { key: r${i}, title: "Risposta numero ${i} con un titolo lungo per il menu del modulo", text: { it: "Testo ${i} per {customer_name}" } }\n`,
  ).join('');
  useDesk(many);

  it('groups the menu within Slack limits and still fills the text', async () => {
    const number = await openTicketInSlack(h, STUDENT);
    const view = await openFormOnCard(h, MARIA, HELPDESK_CHANNEL, number, 'ticket_reply');
    const menu = responseMenu(view);
    expect(menu?.options).toHaveLength(150);
    expect(menu?.menu.option_groups?.length).toBe(2);
    for (const o of menu?.options ?? []) expect(o.text.text.length).toBeLessThanOrEqual(75);
    // A response of the second group of 100 (the menu lists them by title).
    const option = menu?.options[120];
    const chosen = /numero (\d+)/.exec(option?.text.text ?? '')?.[1];
    await h.slack.blockAction({
      userId: MARIA,
      actionId: 'reply_response',
      type: 'static_select',
      selectedOption: { value: option?.value ?? '', text: 'x' },
      view,
    });
    await h.fake.waitFor(
      () =>
        replyBody(h.fake.view(view.id) ?? view).text.startsWith(`Testo ${chosen} per `) ? true : undefined,
      5000,
      'the response of the second group filled in',
    );
  });
});
