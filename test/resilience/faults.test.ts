import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDeliveries } from '../../bench/load/checks.js';
import { poll, runLifecycles, Sender } from '../../bench/load/driver.js';
import { type InProcessApp, startInProcessApp } from '../../bench/load/in-process.js';
import { ticketNumberOf } from '../../src/core/model.js';
import type { Fault } from '../../src/fake-slack/fake-slack.js';
import { linesWithSecrets, Summary } from './support/summary.js';

const PEOPLE = 20;
const LIFECYCLES = 40;
const FAULTS: Fault[] = [{ status: 429, retryAfter: 1 }, { status: 500 }, { hang: true }];
const SYSTEM = { kind: 'system', label: 'resilience test' } as const;

const summary = new Summary('faults');
let app: InProcessApp;

beforeAll(async () => {
  // A hanging Slack costs the client's timeout per call: 400 ms here instead of 10 s.
  app = await startInProcessApp({
    people: PEOPLE,
    smtp: true,
    slackTimeoutMs: 400,
    // A retried post first looks for itself (two or three calls, each failing a fifth of the time), so some
    // rows fail many times in a row: backoff capped at 1 s keeps them within a person's patience.
    delivery: { baseBackoffMs: 50, maxBackoffMs: 1_000, maxAttempts: 20 },
    intervalMs: 100,
  });
});

afterAll(async () => {
  const leaks = linesWithSecrets(app?.logs ?? [], app?.secrets ?? []);
  summary.secrets(app?.logs.length ?? 0, leaks.length);
  summary.report();
  await app?.stop();
});

describe('a load run while Slack fails a fifth of its calls and the mail server is down for a while', () => {
  it('delivers every card, DM and mail exactly once, and every card shows the ticket as it is', async () => {
    const { fake, sink, probe, desk } = app;
    if (!sink) throw new Error('no SMTP sink');
    fake.setFaultRate(0.2, FAULTS, 20261130);
    await sink.stop();
    const smtpBack = new Promise<void>((done) => setTimeout(() => void sink.start().then(done), 3_000));

    const sender = new Sender(app.slack);
    const run = await runLifecycles(
      { sender, fake, probe, desk },
      {
        people: PEOPLE,
        lifecycles: LIFECYCLES,
        stepTimeoutMs: 20_000,
        viewWaitMs: 2_000,
        maxPresses: 8,
        resubmits: 3,
      },
    );
    await smtpBack;
    const drained = await poll(() => probe.pendingDeliveries() === 0, 30_000);
    fake.clearFaults();

    const calls = fake.calls();
    const injected = (error: string) => calls.filter((c) => c.error === error).length;
    const faults = {
      ratelimited: injected('ratelimited'),
      http_500: injected('http_500'),
      hang: injected('hang'),
    };
    const retriedMail = probe.count('outbox', "lane = 'email' and attempts > 1");
    const retriedSlack = probe.count('outbox', "lane = 'slack' and attempts > 1");
    const check = await checkDeliveries({
      probe,
      fake,
      desk,
      sink,
      acknowledgedTitles: run.acknowledgedTitles,
      ticketTruth: async (number) => {
        const details = await app.sportello.desk.getTicket(SYSTEM, ticketNumberOf(number));
        return { state: details.ticket.state, owner: details.owner?.slackUserId ?? null };
      },
    });

    summary.add({
      group: `${LIFECYCLES} lifecycles, ${PEOPLE} people, 20% of Slack calls failing, SMTP down 3 s`,
      tried: LIFECYCLES,
      passed: run.completed,
      lost: check.lost,
      note:
        `${faults.ratelimited}×429, ${faults.http_500}×500, ${faults.hang} hangs of ${calls.length} calls; ` +
        `${retriedSlack} Slack and ${retriedMail} mail deliveries retried`,
    });
    summary.add({
      group: 'tickets and articles exactly once',
      tried: 2,
      passed: (check.duplicated === 0 ? 1 : 0) + (check.lost === 0 ? 1 : 0),
      lost: 0,
      note: `${check.tickets} tickets, ${check.articles} articles`,
    });
    summary.add({
      group: 'cards, thread posts, DMs, mails exactly once; cards agree with getTicket',
      tried: check.tickets,
      passed: check.tickets - check.disagreeing,
      lost: 0,
      note:
        `${check.cards} cards, ${check.threadPosts} thread posts, ${check.customerDms + check.operatorDms} DMs, ` +
        `${check.mails} mails (${check.mailsResent} sent again)`,
    });

    expect(run.failures).toEqual([]);
    expect(run.completed).toBe(LIFECYCLES);
    expect(drained, 'the outbox was not drained').toBe(true);
    expect(faults.ratelimited).toBeGreaterThan(0);
    expect(faults.http_500).toBeGreaterThan(0);
    expect(faults.hang).toBeGreaterThan(0);
    expect(retriedSlack).toBeGreaterThan(0);
    expect(retriedMail, 'no mail waited for the SMTP server to come back').toBeGreaterThan(0);
    expect(check.problems).toEqual([]);
    expect(check.lost).toBe(0);
    expect(check.duplicated).toBe(0);
    expect(check.disagreeing).toBe(0);
    expect(check.mailsResent).toBe(0);
  }, 110_000);
});
