/**
 * Routing fairness: how evenly automatic assignment spreads tickets over a queue's operators.
 *
 *   npm run bench:routing -- [--tickets 100] [--operators 3] [--seed 15] [--json]
 *
 * An in-memory desk with one queue per mode and the same operators in each. Round robin gets N tickets in a
 * row; least open gets N tickets in a row, then N more while, after each ticket, an operator sometimes closes
 * one of theirs (the first one most often), so the loads drift apart as on a real desk. Printed: the tickets
 * each operator was given, and how far the owner of each new ticket stood above the least loaded operator
 * (their open tickets in the queue, counting the new one). The issue's bar: round robin within ±1, least open
 * never above the minimum + 1.
 */
import { parseArgs } from 'node:util';
import { parseQueuesConfig } from '../src/config/queues-file.js';
import type { Actor } from '../src/core/actor.js';
import { queueKeyOf, slackUserIdOf, type TicketNumber } from '../src/core/brands.js';
import { ManualClock } from '../src/core/clock.js';
import { createHelpDesk, type HelpDesk } from '../src/core/help-desk.js';
import { createDb } from '../src/db/client.js';
import { seededRandom } from '../src/fake-slack/seeded-random.js';
import { positiveInt } from './load/args.js';

const { values: args } = parseArgs({
  options: {
    tickets: { type: 'string', default: '100' },
    operators: { type: 'string', default: '3' },
    seed: { type: 'string', default: '15' },
    json: { type: 'boolean', default: false },
  },
  strict: true,
});

const TICKETS = positiveInt('tickets', args.tickets);
const OPERATORS = positiveInt('operators', args.operators);
const random = seededRandom(positiveInt('seed', args.seed));

const operatorIds = Array.from({ length: OPERATORS }, (_, i) => `U0OPER${String(i + 1).padStart(4, '0')}`);
const nameOf = (index: number) => `Operatore ${index + 1}`;
const CONFIG = `
system_id: "10"
time_zone: Europe/Rome
admins: [U0ADMIN001]
agents:
  - { slack_user_id: U0ADMIN001, name: Anna Neri }
${operatorIds.map((id, i) => `  - { slack_user_id: ${id}, name: ${nameOf(i)} }`).join('\n')}
queues:
  - { key: turni, name: Turni, channel: C0TURNI001, operators: [${operatorIds.join(', ')}], assign: round_robin }
  - { key: carico, name: Carico, channel: C0CARICO01, operators: [${operatorIds.join(', ')}], assign: least_open }
`;

const slack = (userId: string): Actor => ({ kind: 'slack', userId: slackUserIdOf(userId) });
const admin = slack('U0ADMIN001');
const customer = slack('U0STUDENT1');
const operators = operatorIds.map(slack);

const handle = createDb(':memory:');
const config = parseQueuesConfig(CONFIG, 'bench.yml');
const desk: HelpDesk = createHelpDesk({
  db: handle.db,
  connection: handle.connection,
  clock: new ManualClock(new Date('2026-12-01T08:00:00Z')),
  systemId: config.systemId,
  timeZone: config.timeZone,
});
await desk.syncQueuesConfig(config);

/** Each operator's open tickets in the queue, by name, as App Home shows them to an operator of the queue. */
async function loads(queueKey: string): Promise<Map<string, number>> {
  const lead = operators[0] as Actor;
  const queue = (await desk.queueLoads(lead)).find((load) => load.queue.key === queueKey);
  if (!queue) throw new Error(`no load for ${queueKey}`);
  return new Map(queue.operators.map((o) => [o.name, o.open]));
}

interface Run {
  /** Tickets given to each operator, by name. */
  given: Record<string, number>;
  /** max − min of `given`. */
  spread: number;
  /** The most the owner of a new ticket stood above the least loaded operator, once it was theirs. */
  worstAboveMinimum: number;
}

async function run(queueKey: string, tickets: number, closing: boolean): Promise<Run> {
  const given: Record<string, number> = Object.fromEntries(operatorIds.map((_, i) => [nameOf(i), 0]));
  let worstAboveMinimum = 0;
  /** Each operator's tickets still open in the queue, oldest first. */
  const open = new Map<string, TicketNumber[]>(operatorIds.map((_, i) => [nameOf(i), []]));
  for (let i = 0; i < tickets; i++) {
    const { ticket } = await desk.openTicket(customer, {
      queueKey: queueKeyOf(queueKey),
      title: `Richiesta ${i + 1}`,
      article: { channel: 'slack', body: `Richiesta numero ${i + 1}` },
    });
    const owner = (await desk.getTicket(admin, ticket.number)).owner?.name ?? '';
    given[owner] = (given[owner] ?? 0) + 1;
    const now = await loads(queueKey);
    worstAboveMinimum = Math.max(worstAboveMinimum, (now.get(owner) ?? 0) - Math.min(...now.values()));
    (open.get(owner) ?? []).push(ticket.number);
    if (closing && random() < 0.4) {
      const closer = random() < 0.6 ? 0 : Math.floor(random() * OPERATORS);
      const oldest = open.get(nameOf(closer))?.shift();
      if (oldest) await desk.closeTicket(operators[closer] as Actor, oldest, { state: 'closed_successful' });
    }
  }
  const counts = Object.values(given);
  return { given, spread: Math.max(...counts) - Math.min(...counts), worstAboveMinimum };
}

const figures = {
  tickets: TICKETS,
  operators: OPERATORS,
  roundRobin: await run('turni', TICKETS, false),
  leastOpen: await run('carico', TICKETS, false),
  leastOpenWhileClosing: await run('carico', TICKETS, true),
};
await handle.close();

const line = (label: string, r: Run) =>
  `${label.padEnd(34)} ${Object.values(r.given)
    .map((n) => String(n).padStart(4))
    .join('')}   spread ${r.spread}   owner above minimum ≤ ${r.worstAboveMinimum}`;
process.stdout.write(`${TICKETS} tickets, ${OPERATORS} operators (tickets given to each):\n`);
process.stdout.write(`${line('round robin', figures.roundRobin)}\n`);
process.stdout.write(`${line('least open', figures.leastOpen)}\n`);
process.stdout.write(`${line('least open, operators closing', figures.leastOpenWhileClosing)}\n`);
if (args.json) process.stdout.write(`${JSON.stringify(figures)}\n`);
