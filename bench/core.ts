/**
 * Core benchmark: how fast the desk stores tickets, and how fast it answers the three questions people ask
 * all day (a ticket by number, a queue's first page, a full-text search) once it holds N tickets.
 *
 *   npm run bench:core -- --tickets 100000 [--json] [--keep] [--samples 2000] [--customers 5000] [--seed 1]
 *                         [--database sqlite|postgres|postgres://…]
 *
 * A fresh SQLite file in a temp dir (or, with --database, a fresh PostgreSQL database: one of its own on the
 * URL's server, or on a throwaway PostgreSQL 15 cluster started for the run) gets a small inline
 * configuration, then N tickets of 5 articles each (the request, then customer follow-ups, internal notes and
 * replies), each ticket in ONE outer transaction with its history and outbox rows; the core's own transactions
 * nest in it as savepoints. The clock moves 10–110 s per ticket, so tickets span many days (the ticket counter
 * is per day). With --json the last line of stdout is one JSON object with the figures.
 */

import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { parseQueuesConfig } from '../src/config/queues-file.js';
import type { Actor } from '../src/core/actor.js';
import { type QueueKey, queueKeyOf, slackUserIdOf, type TicketNumber } from '../src/core/brands.js';
import { ManualClock } from '../src/core/clock.js';
import type { CoreContext } from '../src/core/context.js';
import { createHelpDesk } from '../src/core/help-desk.js';
import type { AddArticleInput, ArticleKind } from '../src/core/tickets/add-article.js';
import type { ArticleInput } from '../src/core/tickets/article-store.js';
import { seededRandom } from '../src/fake-slack/seeded-random.js';
import { openCoreBenchDatabase } from './core-database.js';
import { positiveInt } from './load/args.js';
import { databaseChoice } from './load/postgres.js';

// ---------------------------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------------------------

const { values: args } = parseArgs({
  options: {
    tickets: { type: 'string', default: '10000' },
    samples: { type: 'string', default: '2000' },
    customers: { type: 'string', default: '5000' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    database: { type: 'string', default: 'sqlite' },
  },
  strict: true,
});

const TICKETS = positiveInt('tickets', args.tickets);
const SAMPLES = positiveInt('samples', args.samples);
const CUSTOMERS = positiveInt('customers', args.customers);
const SEED = positiveInt('seed', args.seed);
const DATABASE = databaseChoice(args.database);
if (!DATABASE) {
  process.stderr.write(`--database must be sqlite, postgres or a postgres:// URL (got ${args.database})\n`);
  process.exit(2);
}

// ---------------------------------------------------------------------------------------------------------
// Configuration: five first-level queues, a few operators, one admin
// ---------------------------------------------------------------------------------------------------------

const CONFIG = `
system_id: "10"
time_zone: Europe/Rome
admins: [U0ADMIN001]
agents:
  - { slack_user_id: U0ADMIN001, name: Anna Neri }
  - { slack_user_id: U0MROSSI01, name: Maria Rossi }
  - { slack_user_id: U0LVERDI02, name: Luca Verdi }
  - { slack_user_id: U0GBIANCH3, name: Giulia Bianchi }
  - { slack_user_id: U0PRICCI04, name: Paolo Ricci }
  - { slack_user_id: U0SCOLOM05, name: Sara Colombo }
queues:
  - key: helpdesk
    name: Helpdesk informatico
    channel: C0HELPDESK
    email: helpdesk@ateneo.example
    operators: [U0MROSSI01, U0GBIANCH3]
    follow_up: reopen
    reopen_window_days: 7
    sla: { first_response_minutes: 60, update_minutes: 240, solution_minutes: 2400 }
  - key: reti
    name: Reti e Wi-Fi
    channel: C0RETIWIFI
    operators: [U0LVERDI02]
    sla: { update_minutes: 240, solution_minutes: 1440 }
  - key: posta
    name: Posta elettronica
    channel: C0POSTA001
    email: posta@ateneo.example
    operators: [U0MROSSI01, U0SCOLOM05]
  - key: didattica
    name: Segreteria didattica
    channel: C0DIDATTIC
    email: didattica@ateneo.example
    operators: [U0PRICCI04]
    follow_up: new_ticket
    sla: { first_response_minutes: 240, solution_minutes: 4800 }
  - key: biblioteca
    name: Biblioteca
    channel: C0BIBLIOTE
    operators: [U0SCOLOM05]
    permissions: { U0GBIANCH3: [read, note] }
`;

const admin: Actor = { kind: 'slack', userId: slackUserIdOf('U0ADMIN001') };
/** Luca works only the reti queue: his searches must skip the other queues' matches. */
const singleQueueOperator: Actor = { kind: 'slack', userId: slackUserIdOf('U0LVERDI02') };

interface BenchQueue {
  key: QueueKey;
  channel: string;
  email: string;
  /** Who answers its tickets (rw on the queue). */
  operators: Actor[];
  /** Share of new tickets. */
  weight: number;
}

const slack = (userId: string): Actor => ({ kind: 'slack', userId: slackUserIdOf(userId) });
const QUEUES: BenchQueue[] = [
  {
    key: queueKeyOf('helpdesk'),
    channel: 'C0HELPDESK',
    email: 'helpdesk@ateneo.example',
    operators: [slack('U0MROSSI01'), slack('U0GBIANCH3')],
    weight: 40,
  },
  {
    key: queueKeyOf('reti'),
    channel: 'C0RETIWIFI',
    email: 'reti@ateneo.example',
    operators: [slack('U0LVERDI02')],
    weight: 20,
  },
  {
    key: queueKeyOf('posta'),
    channel: 'C0POSTA001',
    email: 'posta@ateneo.example',
    operators: [slack('U0MROSSI01'), slack('U0SCOLOM05')],
    weight: 15,
  },
  {
    key: queueKeyOf('didattica'),
    channel: 'C0DIDATTIC',
    email: 'didattica@ateneo.example',
    operators: [slack('U0PRICCI04')],
    weight: 15,
  },
  {
    key: queueKeyOf('biblioteca'),
    channel: 'C0BIBLIOTE',
    email: 'biblioteca@ateneo.example',
    operators: [slack('U0SCOLOM05')],
    weight: 10,
  },
];

// ---------------------------------------------------------------------------------------------------------
// Deterministic random data
// ---------------------------------------------------------------------------------------------------------

const random = seededRandom(SEED);
const randomInt = (below: number) => Math.floor(random() * below);
function pick<T>(items: readonly T[]): T {
  return items[randomInt(items.length)] as T;
}
function weighted<T extends { weight: number }>(items: readonly T[]): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0);
  let roll = random() * total;
  for (const item of items) {
    roll -= item.weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1] as T;
}

/** IT help desk words, Italian and English, so searches hit a realistic share of tickets. */
const VOCABULARY = `
stampante scanner toner carta inceppata coda stampa driver installazione aggiornamento sistema operativo
windows linux macos ubuntu portatile desktop monitor tastiera mouse docking alimentatore batteria ricarica
password credenziali account scaduta reset sblocco autenticazione mfa otp token spid badge accesso negato
wifi eduroam rete cablata ethernet switch router vpn proxy dns dhcp indirizzo connessione lenta disconnessione
posta elettronica casella piena quota allegato spam phishing inoltro outlook thunderbird webmail calendario
teams zoom videoconferenza microfono webcam audio proiettore aula lavagna interattiva hdmi adattatore cavo
moodle piattaforma esame iscrizione appello verbale libretto piano studi tasse certificato tesi laurea
biblioteca prestito interbibliotecario catalogo opac rivista banca dati proxy bibliografico scaffale
licenza software office matlab spss autocad antivirus firewall certificato ssl server backup ripristino
cartella condivisa permessi disco pieno nas cloud onedrive drive sincronizzazione file cancellato
errore messaggio schermata blu crash lento blocco riavvio aggiornare configurare installare rimuovere
printer paper jam driver update laptop screen keyboard battery charger login locked expired reset
network outage slow timeout certificate mailbox quota attachment meeting projector microphone license
urgente domani lezione ufficio laboratorio studente docente dottorando segreteria dipartimento edificio
piano secondo terzo stanza sede centrale polo scientifico umanistico economia ingegneria medicina
grazie cordiali saluti buongiorno gentile richiesta supporto problema risolto verificato ancora funziona
`
  .trim()
  .split(/\s+/);
const SEARCH_WORDS = [...new Set(VOCABULARY)];

const FIRST_NAMES = [
  'Mario',
  'Giulia',
  'Luca',
  'Francesca',
  'Marco',
  'Sara',
  'Alessandro',
  'Chiara',
  'Ahmed',
];
const LAST_NAMES = ['Rossi', 'Bianchi', 'Esposito', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Conti'];

function words(min: number, max: number): string {
  const count = min + randomInt(max - min + 1);
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(pick(VOCABULARY));
  return out.join(' ');
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const title = () => capitalized(words(3, 7));
function body(opening: string, min: number, max: number): string {
  return `${opening} ${words(min, max)}. ${capitalized(words(4, 12))}.`;
}

// ---------------------------------------------------------------------------------------------------------
// Customers: a fixed population, most on Slack, some by email only
// ---------------------------------------------------------------------------------------------------------

interface BenchCustomer {
  actor: Actor;
  email: boolean;
}

const customers: BenchCustomer[] = Array.from({ length: CUSTOMERS }, (_, i) => {
  if (i % 10 < 7) return { actor: slack(`U1C${String(i).padStart(7, '0')}`), email: false };
  const name = `${pick(FIRST_NAMES)}.${pick(LAST_NAMES)}${i}`.toLowerCase();
  return { actor: { kind: 'email', address: `${name}@studenti.ateneo.example` }, email: true };
});

/** A few customers write a lot, most write now and then. */
const pickCustomer = (): BenchCustomer =>
  customers[random() < 0.2 ? randomInt(Math.ceil(CUSTOMERS / 20)) : randomInt(CUSTOMERS)] as BenchCustomer;

const PRIORITIES = [
  { value: 1, weight: 3 },
  { value: 2, weight: 12 },
  { value: 3, weight: 65 },
  { value: 4, weight: 15 },
  { value: 5, weight: 5 },
];

/** The four articles after the request: who writes them, in which order. */
const CONVERSATIONS: ArticleKind[][] = [
  ['reply', 'customer', 'reply', 'customer'],
  ['note', 'reply', 'customer', 'reply'],
  ['reply', 'customer', 'note', 'reply'],
  ['note', 'note', 'reply', 'customer'],
  ['customer', 'reply', 'customer', 'reply'],
  ['reply', 'note', 'customer', 'note'],
];

// ---------------------------------------------------------------------------------------------------------
// Helpers: timing and sizes
// ---------------------------------------------------------------------------------------------------------

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

interface LatencySummary {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

/** Runs `op` `warmup` times unmeasured, then `samples` times, each timed on its own until it resolves. */
async function measure(
  samples: number,
  op: () => Promise<unknown>,
  warmup = Math.min(200, samples),
): Promise<LatencySummary> {
  for (let i = 0; i < warmup; i++) await op();
  const times: number[] = new Array(samples);
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await op();
    times[i] = performance.now() - start;
  }
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    max: times[times.length - 1] ?? Number.NaN,
    samples,
  };
}

const round = (value: number, digits = 3) => Number(value.toFixed(digits));

function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------------------

const database = await openCoreBenchDatabase(DATABASE);
const clock = new ManualClock(new Date('2026-01-07T07:30:00Z'));
const config = parseQueuesConfig(CONFIG, 'bench.yml');
const ctx: CoreContext = {
  get db() {
    return database.db();
  },
  connection: database.connection,
  clock,
  systemId: config.systemId,
  timeZone: config.timeZone,
};
const desk = createHelpDesk(ctx);
await desk.syncQueuesConfig(config);

/** Every ticket number created, with the index of its queue in QUEUES, for the lookups. */
const numbers: TicketNumber[] = new Array(TICKETS);
const queueOf = new Uint8Array(TICKETS);
let slackSeq = 0;
const nextTs = () =>
  `${Math.floor(clock.now().getTime() / 1000)}.${String(slackSeq++ % 1e6).padStart(6, '0')}`;
let messageSeq = 0;
const nextMessageId = () => `<${clock.now().getTime().toString(36)}.${messageSeq++}@mail.ateneo.example>`;

function requestArticle(customer: BenchCustomer, queue: BenchQueue, subject: string): ArticleInput {
  const text = body(pick(['Buongiorno,', 'Hello,', 'Gentile helpdesk,', 'Salve,']), 15, 45);
  if (customer.email && customer.actor.kind === 'email') {
    return {
      channel: 'email',
      subject,
      body: text,
      fromAddress: customer.actor.address,
      toAddress: queue.email,
      messageId: nextMessageId(),
    };
  }
  return { channel: 'slack', body: text, slackChannelId: queue.channel, slackTs: nextTs() };
}

function followUpArticle(kind: ArticleKind, customer: BenchCustomer, queue: BenchQueue): AddArticleInput {
  if (kind === 'note') return { kind, channel: 'internal', body: body('Nota interna:', 8, 25) };
  if (kind === 'reply') {
    return {
      kind,
      channel: 'slack',
      body: body(pick(['Gentile utente,', 'Hi,', 'Buongiorno,']), 12, 40),
      slackChannelId: queue.channel,
      slackTs: nextTs(),
    };
  }
  if (customer.email && customer.actor.kind === 'email') {
    return {
      kind,
      channel: 'email',
      body: body('Grazie,', 8, 30),
      fromAddress: customer.actor.address,
      messageId: nextMessageId(),
    };
  }
  return {
    kind,
    channel: 'slack',
    body: body('Grazie,', 8, 30),
    slackChannelId: queue.channel,
    slackTs: nextTs(),
  };
}

progress(`creating ${TICKETS} tickets × 5 articles in ${database.description}`);
const SEARCH_INDEX_EVERY = 1000;
const progressEvery = TICKETS >= 10_000 ? Math.ceil(TICKETS / 10) : Number.POSITIVE_INFINITY;
const createCpu = process.cpuUsage();
const serverCpuBefore = database.serverCpuMs();
const createStart = performance.now();
let lastReport = createStart;
for (let i = 0; i < TICKETS; i++) {
  clock.advance(10_000 + randomInt(100_000));
  const queueIndex = QUEUES.indexOf(weighted(QUEUES));
  const queue = QUEUES[queueIndex] as BenchQueue;
  const customer = pickCustomer();
  const operator = pick(queue.operators);
  const subject = title();
  const priority = weighted(PRIORITIES).value;
  const conversation = pick(CONVERSATIONS);
  // One transaction per ticket; the core's transactions nest in it as savepoints.
  numbers[i] = await desk.transaction(async () => {
    const { ticket } = await desk.openTicket(customer.actor, {
      queueKey: queue.key,
      title: subject,
      priority,
      article: requestArticle(customer, queue, subject),
    });
    for (const kind of conversation) {
      clock.advance(1_000 + randomInt(4_000));
      const author = kind === 'customer' ? customer.actor : operator;
      await desk.addArticle(author, ticket.number, followUpArticle(kind, customer, queue));
    }
    return ticket.number;
  });
  queueOf[i] = queueIndex;
  // What the server's indexing timer does: full-text indexing in batches, counted in the creation time.
  if ((i + 1) % SEARCH_INDEX_EVERY === 0) await desk.indexSearchText();
  if ((i + 1) % progressEvery === 0) {
    const now = performance.now();
    const rate = progressEvery / ((now - lastReport) / 1000);
    lastReport = now;
    progress(
      `${Math.round(((i + 1) / TICKETS) * 100)}%: ${i + 1} tickets, ${Math.round(rate)} tickets/s now, ` +
        `${Math.round((now - createStart) / 1000)} s so far`,
    );
  }
}
// The last batch too: creation ends when everything is searchable.
await desk.indexSearchText();
const createSeconds = (performance.now() - createStart) / 1000;
// CPU time too: on a shared machine wall time also counts the time other processes had the cores.
const createCpuUsage = process.cpuUsage(createCpu);
const ownCpuSeconds = (createCpuUsage.user + createCpuUsage.system) / 1e6;
// On PostgreSQL the statements run in the server's processes: its CPU counts too (when the server is ours).
const serverCpuAfter = database.serverCpuMs();
const serverCpuSeconds =
  serverCpuBefore === undefined || serverCpuAfter === undefined
    ? undefined
    : (serverCpuAfter - serverCpuBefore) / 1000;
const createCpuSeconds = ownCpuSeconds + (serverCpuSeconds ?? 0);
const ticketsPerSecond = TICKETS / createSeconds;
const articlesPerSecond = (TICKETS * 5) / createSeconds;
progress(`created in ${createSeconds.toFixed(1)} s; checkpointing`);

await database.settle();
const dbBytes = await database.sizeBytes();

progress(`measuring ${SAMPLES} samples of each query`);
const lookup = await measure(SAMPLES, async () => {
  const i = randomInt(TICKETS);
  const queue = QUEUES[queueOf[i] as number] as BenchQueue;
  const details = await desk.getTicket(pick(queue.operators), numbers[i] as TicketNumber);
  if (details.articles.length !== 5)
    throw new Error(`Ticket#${numbers[i]} has ${details.articles.length} articles`);
});
const queuePage = await measure(SAMPLES, async () => {
  const queue = pick(QUEUES);
  const page = await desk.queueView(pick(queue.operators), queue.key, { page: 1, pageSize: 25 });
  if (page.items.length === 0) throw new Error(`queue ${queue.key} is empty`);
});
const searchText = () =>
  random() < 0.5 ? pick(SEARCH_WORDS) : `${pick(SEARCH_WORDS)} ${pick(SEARCH_WORDS)}`;
let searchHits = 0;
let searchRuns = 0;
const searchAdmin = await measure(SAMPLES, async () => {
  searchHits += (await desk.searchTickets(admin, searchText())).length;
  searchRuns++;
});
const searchOperator = await measure(SAMPLES, async () => {
  searchHits += (await desk.searchTickets(singleQueueOperator, searchText())).length;
  searchRuns++;
});

await database.close(args.keep);
if (args.keep) progress(`kept ${database.description}`);

// ---------------------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------------------

const ms = (value: number) => `${value.toFixed(3)} ms`;
const rows: [string, string][] = [
  ['tickets', TICKETS.toLocaleString('en-US')],
  ['articles', (TICKETS * 5).toLocaleString('en-US')],
  ['customers', CUSTOMERS.toLocaleString('en-US')],
  ['creation time', `${createSeconds.toFixed(2)} s`],
  ['database', database.description],
  [
    'creation cpu time',
    serverCpuSeconds === undefined
      ? `${createCpuSeconds.toFixed(2)} s${DATABASE.kind === 'postgres' ? ' (this process; the server not ours)' : ''}`
      : `${createCpuSeconds.toFixed(2)} s (this process ${ownCpuSeconds.toFixed(2)}, PostgreSQL ${serverCpuSeconds.toFixed(2)})`,
  ],
  ['tickets/s', Math.round(ticketsPerSecond).toLocaleString('en-US')],
  ['tickets per cpu-second', Math.round(TICKETS / createCpuSeconds).toLocaleString('en-US')],
  ['articles/s', Math.round(articlesPerSecond).toLocaleString('en-US')],
  ['lookup by number p50 / p99', `${ms(lookup.p50)} / ${ms(lookup.p99)}`],
  ['queue first page p50 / p99', `${ms(queuePage.p50)} / ${ms(queuePage.p99)}`],
  ['search (admin) p50 / p99', `${ms(searchAdmin.p50)} / ${ms(searchAdmin.p99)}`],
  ['search (one-queue op) p50 / p99', `${ms(searchOperator.p50)} / ${ms(searchOperator.p99)}`],
  ['search mean hits', (searchHits / Math.max(1, searchRuns)).toFixed(1)],
  ['samples per query', SAMPLES.toLocaleString('en-US')],
  ['db size', `${dbBytes.toLocaleString('en-US')} bytes (${(dbBytes / 2 ** 20).toFixed(1)} MiB)`],
];
const width = Math.max(...rows.map(([label]) => label.length));
process.stdout.write(
  `\nSportello core benchmark\n${rows.map(([l, v]) => `  ${l.padEnd(width)}  ${v}`).join('\n')}\n`,
);

if (args.json) {
  const result = {
    database: DATABASE.kind,
    tickets: TICKETS,
    articles: TICKETS * 5,
    tickets_per_s: round(ticketsPerSecond, 1),
    articles_per_s: round(articlesPerSecond, 1),
    tickets_per_cpu_s: round(TICKETS / createCpuSeconds, 1),
    creation_cpu_s_process: round(ownCpuSeconds, 2),
    ...(serverCpuSeconds === undefined ? {} : { creation_cpu_s_postgres: round(serverCpuSeconds, 2) }),
    lookup_p50_ms: round(lookup.p50),
    lookup_p99_ms: round(lookup.p99),
    queue_page_p50_ms: round(queuePage.p50),
    queue_page_p99_ms: round(queuePage.p99),
    // The slower of the two searches (admin over every queue, operator of one queue).
    search_p50_ms: round(Math.max(searchAdmin.p50, searchOperator.p50)),
    search_p99_ms: round(Math.max(searchAdmin.p99, searchOperator.p99)),
    search_admin_p99_ms: round(searchAdmin.p99),
    search_operator_p99_ms: round(searchOperator.p99),
    db_bytes: dbBytes,
    samples: SAMPLES,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
