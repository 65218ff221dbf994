import type { FakeSlack, FakeView } from '../../src/fake-slack/fake-slack.js';
import type { Sent, SlackRequests, ViewValuesInput } from '../../src/fake-slack/slack-requests.js';
import { ACTIONS, INPUTS } from '../../src/views/ids.js';
import { newTicketValues } from '../../test/support/flows.js';
import { customerId, type LoadDesk, type LoadQueue, queueOf } from './desk.js';
import type { LoadProbe, SlackPlace, TicketRef } from './probe.js';
import { Latencies } from './stats.js';

/** The four kinds of request Slack sends an app. */
export type RequestKind = 'command' | 'block_action' | 'view_submission' | 'event';

/** One signed request as sent, kept to be replayed (Slack's retries) or re-sent to another app. */
export interface JournalEntry {
  person: number;
  kind: RequestKind;
  label: string;
  built: Sent<unknown>;
  sentAt: number;
  answeredAt?: number;
  status?: number;
  /** Set when the request got no answer (connection refused or reset). */
  error?: string;
}

export interface SenderOptions {
  /**
   * Builds each request against this client first (a throwaway endpoint) and then sends the same bytes to the
   * app: the request is known even when the app dies before answering, so it can be replayed.
   */
  builder?: SlackRequests;
  /** Keeps every request in `journal`. */
  journal?: boolean;
  /** Keeps the first few bodies of each kind, to send the same mix to another app. */
  samplesPerKind?: number;
  /**
   * Sends each request to the next of these (round robin) instead of `target`, as a load balancer in front of
   * several app processes does: each person's requests are spread over them.
   */
  spreadOver?: SlackRequests[];
}

/** Sends signed requests into the app and times each HTTP round trip, per kind of interaction. */
export class Sender {
  readonly latencies = new Latencies();
  readonly journal: JournalEntry[] = [];
  readonly samples = new Map<RequestKind, { rawBody: string; contentType: string }[]>();
  /** Requests per kind, answered or not. */
  readonly counts = new Map<RequestKind, number>();
  private sent = 0;

  constructor(
    readonly target: SlackRequests,
    private readonly options: SenderOptions = {},
  ) {}

  get total(): number {
    let n = 0;
    for (const count of this.counts.values()) n += count;
    return n;
  }

  async send<S extends Sent<unknown>>(
    person: number,
    kind: RequestKind,
    label: string,
    build: (kit: SlackRequests) => Promise<S>,
  ): Promise<S> {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    const { builder } = this.options;
    const to = this.next();
    if (!builder) {
      const started = performance.now();
      const sent = await build(to);
      this.latencies.add(`${kind}:${label}`, performance.now() - started);
      this.sample(kind, sent);
      return sent;
    }
    const built = await build(builder);
    const entry: JournalEntry = { person, kind, label, built, sentAt: Date.now() };
    if (this.options.journal) this.journal.push(entry);
    const started = performance.now();
    try {
      const sent = await to.replay(built);
      entry.answeredAt = Date.now();
      entry.status = sent.status;
      this.latencies.add(`${kind}:${label}`, performance.now() - started);
      this.sample(kind, sent);
      // What the builder added (a message event's ts) stays; the answer is the app's.
      return { ...built, ...sent };
    } catch (error) {
      entry.error = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  private next(): SlackRequests {
    const spread = this.options.spreadOver;
    if (!spread || spread.length === 0) return this.target;
    return spread[this.sent++ % spread.length] as SlackRequests;
  }

  private sample(kind: RequestKind, sent: Sent<unknown>): void {
    const keep = this.options.samplesPerKind ?? 0;
    if (keep === 0) return;
    const list = this.samples.get(kind) ?? [];
    if (list.length < keep) list.push({ rawBody: sent.rawBody, contentType: sent.contentType });
    this.samples.set(kind, list);
  }
}

/** Polls `check` with a growing pause (1 ms up to 50 ms) until it gives something, or `timeoutMs` passes. */
export async function poll<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs: number,
): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  let pause = 1;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() >= deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(pause * 2, 50);
  }
}

/**
 * Tells people when what their last action queued has reached Slack: one query every `intervalMs` for the
 * tickets that still have Slack deliveries pending, shared by everyone waiting.
 */
export class DeliveryWatch {
  private generation = 0;
  private readonly waiters = new Set<{
    ticketId: number;
    after: number;
    deadline: number;
    resolve: () => void;
    reject: (error: Error) => void;
  }>();
  private readonly timer: NodeJS.Timeout;
  /** A look under way (a probe on PostgreSQL answers asynchronously): the next tick waits for it. */
  private looking = false;

  constructor(
    private readonly probe: LoadProbe,
    intervalMs = 5,
  ) {
    this.timer = setInterval(() => this.tick(), intervalMs);
  }

  /** Resolves once a look taken after this call finds nothing pending for the ticket. */
  settled(ticketId: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiters.add({
        ticketId,
        after: this.generation,
        deadline: Date.now() + timeoutMs,
        resolve,
        reject,
      });
    });
  }

  stop(): void {
    clearInterval(this.timer);
    for (const waiter of this.waiters) waiter.reject(new Error('delivery watch stopped'));
    this.waiters.clear();
  }

  private tick(): void {
    if (this.waiters.size === 0 || this.looking) return;
    this.looking = true;
    void this.look().finally(() => {
      this.looking = false;
    });
  }

  private async look(): Promise<void> {
    // Counted when it begins: a waiter added while the query runs needs a look begun after it.
    const look = ++this.generation;
    let pending: Set<number>;
    try {
      pending = await this.probe.ticketsWithPendingSlack();
    } catch {
      return; // the database is being reopened (a restart): look again at the next tick
    }
    const now = Date.now();
    for (const waiter of this.waiters) {
      if (waiter.after >= look) continue;
      if (!pending.has(waiter.ticketId)) {
        this.waiters.delete(waiter);
        waiter.resolve();
      } else if (now > waiter.deadline) {
        this.waiters.delete(waiter);
        waiter.reject(new Error(`deliveries of ticket ${waiter.ticketId} still pending`));
      }
    }
  }
}

export interface LoadOptions {
  /** Simulated people working at the same time. */
  people: number;
  /** Full lifecycles to run in all, spread over the people. */
  lifecycles: number;
  /** How long one wait (a form, a delivery) may take before the lifecycle is given up. */
  stepTimeoutMs?: number;
  /** How long a person waits for a form before pressing again (Slack said nothing, the form did not open). */
  viewWaitMs?: number;
  /** Presses of one button before giving up. */
  maxPresses?: number;
  /** Times a form coming back with errors is submitted again, after a pause (a lookup failed meanwhile). */
  resubmits?: number;
  /** Stops everyone at their next step (e.g. before the app is killed). */
  signal?: AbortSignal;
  /** Put in every ticket's subject, so that runs on one database never share a subject. */
  runLabel?: string;
  /** People start one after the other over this long, as they would, rather than in the same millisecond. */
  rampUpMs?: number;
}

export interface LifecycleFailure {
  person: number;
  lifecycle: number;
  step: string;
  error: string;
}

/** A ticket a person opened and saw acknowledged, with how far its lifecycle got. */
export interface OpenedTicket extends TicketRef {
  person: number;
  title: string;
  steps: string[];
}

export interface LoadResult {
  completed: number;
  failures: LifecycleFailure[];
  tickets: OpenedTicket[];
  /** Titles of new-ticket forms the app acknowledged (each must be exactly one ticket). */
  acknowledgedTitles: string[];
  wallMs: number;
  requests: number;
}

export interface LoadTarget {
  sender: Sender;
  fake: FakeSlack;
  probe: LoadProbe;
  desk: LoadDesk;
}

class StepError extends Error {
  constructor(
    readonly step: string,
    message: string,
  ) {
    super(message);
  }
}

const text = (value: string) => ({ type: 'plain_text_input', value });
const radio = (value: string) => ({ type: 'radio_buttons', selected_option: { value, text: value } });

/**
 * Runs `options.lifecycles` full ticket lifecycles with `options.people` people at once, each as Slack would
 * send it, signed: `/ticket` → new-ticket form → Claim on the card → Reply (button, form) → the customer's
 * answer in their DM thread → Close (button, form). Each person waits for what a person would see before the
 * next step: the form opened, the card and DMs delivered.
 */
export async function runLifecycles(target: LoadTarget, options: LoadOptions): Promise<LoadResult> {
  const stepTimeoutMs = options.stepTimeoutMs ?? 30_000;
  const watch = new DeliveryWatch(target.probe);
  const result: LoadResult = {
    completed: 0,
    failures: [],
    tickets: [],
    acknowledgedTitles: [],
    wallMs: 0,
    requests: 0,
  };
  const requestsBefore = target.sender.total;
  let next = 0;
  const started = performance.now();
  const rampUpMs = options.rampUpMs ?? 0;
  const person = async (index: number) => {
    if (rampUpMs > 0)
      await new Promise((resolve) => setTimeout(resolve, (index * rampUpMs) / options.people));
    const lastTicket = { id: 0 };
    while (next < options.lifecycles && !options.signal?.aborted) {
      const lifecycle = next++;
      const run = new Lifecycle(target, options, stepTimeoutMs, watch, index, lifecycle, lastTicket, result);
      try {
        await run.run();
        result.completed++;
      } catch (error) {
        result.failures.push({
          person: index,
          lifecycle,
          step: error instanceof StepError ? error.step : run.step,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: options.people }, (_, i) => person(i)));
  result.wallMs = performance.now() - started;
  result.requests = target.sender.total - requestsBefore;
  watch.stop();
  return result;
}

class Lifecycle {
  step = 'start';
  private readonly userId: string;
  private readonly queue: LoadQueue;
  private readonly operator: string;
  private readonly title: string;

  constructor(
    private readonly target: LoadTarget,
    private readonly options: LoadOptions,
    private readonly stepTimeoutMs: number,
    private readonly watch: DeliveryWatch,
    private readonly person: number,
    private readonly lifecycle: number,
    private readonly lastTicket: { id: number },
    private readonly result: LoadResult,
  ) {
    this.userId = customerId(person);
    this.queue = queueOf(target.desk, person);
    this.operator = this.queue.operators[lifecycle % this.queue.operators.length] as string;
    this.title = `Richiesta ${options.runLabel ?? ''}${lifecycle} della persona ${person}`;
  }

  async run(): Promise<void> {
    const { sender, probe } = this.target;
    this.step = 'command';
    const form = await this.pressForView('command', 'ticket', (kit, triggerId) =>
      kit.command({ text: '', userId: this.userId, channelId: 'C0GENERAL1', triggerId }),
    );

    this.step = 'new ticket form';
    const notifyVia = this.person % 3 === 0 ? 'both' : 'dm';
    await this.submit('new_ticket', form, this.userId, {
      ...newTicketValues({
        queue: this.queue.key,
        subject: this.title,
        description: `Dal laboratorio ${this.person} la rete cade ogni dieci minuti (richiesta ${this.lifecycle}).`,
        notifyVia,
      }),
    });
    this.result.acknowledgedTitles.push(this.title);
    const found = await poll(() => probe.latestTicketOf(this.userId, this.lastTicket.id), this.stepTimeoutMs);
    if (!found) throw new StepError(this.step, 'the acknowledged ticket is not in the database');
    this.lastTicket.id = found.id;
    const ticket: OpenedTicket = { ...found, person: this.person, title: this.title, steps: ['opened'] };
    this.result.tickets.push(ticket);

    this.step = 'card and receipt';
    await this.settled(ticket.id);
    const card = await probe.cardOf(ticket.id);
    const receipt = await probe.customerThreadOf(ticket.id);
    if (!card || !receipt) throw new StepError(this.step, 'no card or no receipt after delivery');

    this.step = 'claim';
    await this.pressOnCard(card, ACTIONS.claim, ticket.number, 'claim');
    const owned = await poll(
      async () => (await probe.ticket(ticket.id))?.owner === this.operator,
      this.stepTimeoutMs,
    );
    if (!owned) throw new StepError(this.step, 'the claim did not make the operator owner');
    await this.settled(ticket.id);
    ticket.steps.push('claimed');

    this.step = 'reply';
    const replyForm = await this.pressForView('block_action', 'reply_button', (kit, triggerId) =>
      kit.blockAction(this.cardAction(card, ACTIONS.reply, ticket.number, triggerId)),
    );
    await this.submit('reply', replyForm, this.operator, {
      [INPUTS.body]: {
        [INPUTS.body]: text(`Prova a dimenticare la rete e ricollegarti (${ticket.number}).`),
      },
    });
    await this.settled(ticket.id);
    ticket.steps.push('replied');

    this.step = 'customer answer';
    const answer = await sender.send(this.person, 'event', 'message', (kit) =>
      kit.messageEvent({
        channel: receipt.channelId,
        user: this.userId,
        text: `Ho provato: ora funziona (${ticket.number}).`,
        threadTs: receipt.ts,
      }),
    );
    if (answer.status !== 200) throw new StepError(this.step, `HTTP ${answer.status}`);
    const stored = await poll(() => probe.hasArticleFor(receipt.channelId, answer.ts), this.stepTimeoutMs);
    if (!stored) throw new StepError(this.step, 'the answer was not stored');
    await this.settled(ticket.id);
    ticket.steps.push('answered');

    this.step = 'close';
    const closeForm = await this.pressForView('block_action', 'close_button', (kit, triggerId) =>
      kit.blockAction(this.cardAction(card, ACTIONS.close, ticket.number, triggerId)),
    );
    await this.submit('close', closeForm, this.operator, {
      [INPUTS.closeState]: { [INPUTS.closeState]: radio('closed_successful') },
      [INPUTS.message]: { [INPUTS.message]: { type: 'plain_text_input', value: null } },
    });
    await this.settled(ticket.id);
    ticket.steps.push('closed');
  }

  private aborted(): void {
    if (this.options.signal?.aborted) throw new StepError(this.step, 'stopped');
  }

  private async settled(ticketId: number): Promise<void> {
    this.aborted();
    // What was acknowledged is committed: the probe must see it before "nothing pending" means delivered.
    await this.target.probe.caughtUp();
    try {
      await this.watch.settled(ticketId, this.stepTimeoutMs);
    } catch (error) {
      throw new StepError(this.step, error instanceof Error ? error.message : String(error));
    }
  }

  /** Presses (a command, a button) until the form it opens shows, as a person would after a hiccup. */
  private async pressForView(
    kind: 'command' | 'block_action',
    label: string,
    press: (kit: SlackRequests, triggerId: string) => Promise<Sent<unknown>>,
  ): Promise<FakeView> {
    const presses = this.options.maxPresses ?? 5;
    const viewWaitMs = this.options.viewWaitMs ?? this.stepTimeoutMs;
    for (let attempt = 1; attempt <= presses; attempt++) {
      this.aborted();
      const triggerId = this.target.sender.target.triggerId();
      const sent = await this.target.sender.send(this.person, kind, label, (kit) => press(kit, triggerId));
      if (sent.status !== 200) throw new StepError(this.step, `HTTP ${sent.status}`);
      const view = await poll(() => this.target.fake.viewByTrigger(triggerId), viewWaitMs);
      if (view) return view;
    }
    throw new StepError(this.step, `no form after ${presses} presses`);
  }

  private async submit(
    label: string,
    view: FakeView,
    userId: string,
    values: ViewValuesInput,
  ): Promise<void> {
    const attempts = 1 + (this.options.resubmits ?? 0);
    for (let attempt = 1; ; attempt++) {
      this.aborted();
      const sent = await this.target.sender.send(this.person, 'view_submission', label, (kit) =>
        kit.viewSubmission({ userId, view, values }),
      );
      if (sent.status === 200 && sent.body === '') return;
      if (sent.status !== 200 || attempt >= attempts) {
        throw new StepError(this.step, `form answered HTTP ${sent.status} ${sent.body.slice(0, 300)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private cardAction(card: SlackPlace, actionId: string, value: string, triggerId: string) {
    const message = this.target.fake.message(card.channelId, card.ts);
    if (!message) throw new StepError(this.step, `the card ${card.ts} is not in ${card.channelId}`);
    return { userId: this.operator, actionId, value, channelId: card.channelId, message, triggerId };
  }

  private async pressOnCard(card: SlackPlace, actionId: string, value: string, label: string): Promise<void> {
    this.aborted();
    const sent = await this.target.sender.send(this.person, 'block_action', label, (kit) =>
      kit.blockAction(this.cardAction(card, actionId, value, kit.triggerId())),
    );
    if (sent.status !== 200) throw new StepError(this.step, `HTTP ${sent.status}`);
  }
}
