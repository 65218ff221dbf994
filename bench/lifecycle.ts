/**
 * End-to-end benchmark of the Slack app: `npm run bench -- [--people 200] [--lifecycles 1000] [--json]`.
 *
 * Starts the app in HTTP mode in this process (a fresh database in a temp folder, the Web API pointed at an
 * in-process fake Slack, customer mail through a local SMTP server) and drives `--people` simulated people at
 * once through full ticket lifecycles with signed requests: `/ticket` → new-ticket form → Claim → Reply (button
 * and form) → the customer's answer in their DM thread → Close (button and form). It prints lifecycles per
 * second, the acknowledgement latency (HTTP round trip) of each kind of request, Web API calls per ticket and
 * peak RSS; then sends the same request mix to a bare Bolt app that only acknowledges, for comparison. At the
 * end the outbox is drained and every card, thread post, DM and mail is checked against the database.
 *
 * `--database postgres://…` (a database of its own on that server) or `--database postgres` (a throwaway
 * PostgreSQL 15 cluster started for the run) runs the app on PostgreSQL, `--replicas N` as N processes on the
 * one database, each person's requests spread over them round robin. The app in processes of its own
 * (`--app-process`, PostgreSQL, replicas): the CPU each used per lifecycle is read from /proc.
 *
 * `--json`: the last line is one JSON object with the figures.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { positiveInt } from './load/args.js';
import { sendMix, startBareApp } from './load/bare-app.js';
import { checkDeliveries } from './load/checks.js';
import { type ChildProcessApp, startChildProcessApp } from './load/child-process.js';
import { poll, runLifecycles, Sender } from './load/driver.js';
import { type InProcessApp, LOAD_SIGNING_SECRET, startInProcessApp } from './load/in-process.js';
import { type BenchPostgres, benchPostgres, databaseChoice } from './load/postgres.js';
import { RssSampler, round } from './load/stats.js';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '200' },
    lifecycles: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '40' },
    json: { type: 'boolean', default: false },
    'no-smtp': { type: 'boolean', default: false },
    'app-process': { type: 'boolean', default: false },
    database: { type: 'string', default: 'sqlite' },
    replicas: { type: 'string', default: '1' },
  },
});
const people = positiveInt('people', values.people);
const lifecycles = positiveInt('lifecycles', values.lifecycles);
const warmup = Number(values.warmup);
const replicaCount = positiveInt('replicas', values.replicas);
const database = databaseChoice(values.database);
if (!Number.isInteger(warmup) || warmup < 0 || !database) {
  process.stderr.write(
    'usage: tsx bench/lifecycle.ts [--people 200] [--lifecycles 1000] [--warmup 40] [--json] [--no-smtp]\n' +
      '         [--app-process] [--database sqlite|postgres|postgres://…] [--replicas 1]\n',
  );
  process.exit(2);
}

const TARGETS = { ackP99Ms: 100, lifecyclesPerSecond: 200, bareRatio: 0.5 };
const say = (line: string) => {
  if (!values.json) process.stdout.write(`${line}\n`);
  else process.stderr.write(`${line}\n`);
};

const loadAtStart = loadavg();
const rss = new RssSampler();
const inProcess = !values['app-process'] && database.kind === 'sqlite' && replicaCount === 1;
const postgres: BenchPostgres | undefined =
  database.kind === 'postgres' ? await benchPostgres(database.url) : undefined;
const smtp = !values['no-smtp'];
const app: InProcessApp | ChildProcessApp = inProcess
  ? await startInProcessApp({ people, smtp })
  : await startChildProcessApp({ people, smtp, replicas: replicaCount, postgresUrl: postgres?.url });
const children = 'apps' in app ? app : undefined;
say(
  `Sportello lifecycle benchmark: ${people} people, ${lifecycles} lifecycles (after ${warmup} to warm up); ` +
    `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}; ` +
    `${postgres ? `PostgreSQL: ${postgres.description}` : 'SQLite'}; ` +
    (inProcess
      ? 'the app in this process'
      : replicaCount === 1
        ? 'the app in a process of its own'
        : `${replicaCount} app processes, requests round robin`) +
    `; load average ${loadAtStart.map((l) => round(l, 2)).join(' ')}`,
);

const spreadOver = children?.replicas;
const target = (sender: Sender) => ({ sender, fake: app.fake, probe: app.probe, desk: app.desk });
if (warmup > 0) {
  const warm = await runLifecycles(target(new Sender(app.slack, { spreadOver })), {
    people: Math.min(people, warmup),
    lifecycles: warmup,
    runLabel: 'w',
  });
  if (warm.failures.length > 0) say(`warm-up failures: ${JSON.stringify(warm.failures.slice(0, 3))}`);
}

const sender = new Sender(app.slack, { samplesPerKind: 50, spreadOver });
const callsBefore = app.fake.calls().length;
// CPU of the measured part: the lifecycles and the drain after them, per process.
const serverCpu = async () => {
  const probePids = (await children?.probePids()) ?? [];
  return { all: postgres?.serverCpuMs(), app: postgres?.serverCpuMs(probePids) };
};
const cpuBefore = { apps: children?.cpuMs() ?? [], server: await serverCpu(), own: process.cpuUsage() };
const run = await runLifecycles(target(sender), { people, lifecycles, rampUpMs: 1000 });
const callsDuring = app.fake.calls().length - callsBefore;

const drainStarted = performance.now();
const drained = await poll(async () => (await app.probe.pendingDeliveries()) === 0, 120_000);
const drainMs = performance.now() - drainStarted;
// NaN (null in --json) when no lifecycle completed: there is nothing to divide by.
const perLifecycle = (ms: number) => (run.completed > 0 ? ms / run.completed : Number.NaN);
const ownCpu = process.cpuUsage(cpuBefore.own);
const serverAfter = await serverCpu();
const serverDelta = (key: 'all' | 'app') => {
  const before = cpuBefore.server[key];
  const after = serverAfter[key];
  return before === undefined || after === undefined ? undefined : perLifecycle(after - before);
};
const cpu = {
  apps: (children?.cpuMs() ?? []).map((ms, i) => perLifecycle(ms - (cpuBefore.apps[i] ?? 0))),
  /** PostgreSQL's server for the apps' connections (and its own background work). */
  server: serverDelta('app'),
  /** PostgreSQL's server for the probe's connections: the people looking, not the app's work. */
  probe: (serverDelta('all') ?? 0) - (serverDelta('app') ?? 0),
  /** This process: the fake Slack, the SMTP sink and the people (and the app itself, in process). */
  own: perLifecycle((ownCpu.user + ownCpu.system) / 1000),
};
const loadAtEnd = loadavg();
const appRssMb = children?.peakRssMb() ?? [];
const rssMb = rss.stop();
const check = await checkDeliveries({
  probe: app.probe,
  fake: app.fake,
  desk: app.desk,
  sink: app.sink,
  acknowledgedTitles: run.tickets.map((t) => t.title),
});
const callsByMethod = new Map<string, number>();
for (const call of app.fake.calls().slice(callsBefore)) {
  callsByMethod.set(call.method, (callsByMethod.get(call.method) ?? 0) + 1);
}
await app.stop();
await postgres?.stop();

const bare = await startBareApp(LOAD_SIGNING_SECRET);
const mix = await sendMix(bare.url, LOAD_SIGNING_SECRET, sender.counts, sender.samples, people);
await bare.stop();

const lat = sender.latencies;
const perSecond = (run.completed / run.wallMs) * 1000;
const ourRate = (run.requests / run.wallMs) * 1000;
const bareRatio = ourRate / mix.perSecond;
const ticketsOpened = run.tickets.length;
const callsPerTicket = callsDuring / Math.max(1, ticketsOpened);
const ackP99 = lat.percentile(99);
const met = (ok: boolean) => (ok ? 'met' : 'MISSED');

say('');
say(
  `lifecycles: ${run.completed} completed, ${run.failures.length} failed, in ${round(run.wallMs / 1000, 2)} s`,
);
for (const failure of run.failures.slice(0, 5)) say(`  failed: ${JSON.stringify(failure)}`);
say(
  `lifecycles/s: ${round(perSecond)}   (target ≥ ${TARGETS.lifecyclesPerSecond}: ${met(perSecond >= 200)})`,
);
say(`signed requests: ${run.requests} (${round(ourRate)}/s)`);
say('ack latency (HTTP round trip, ms):');
say('  kind                          n      p50     p95     p99     max');
for (const kind of lat.kinds()) {
  say(
    `  ${kind.padEnd(28)}${String(lat.count(kind)).padStart(6)}${[50, 95, 99, 100]
      .map((p) => String(round(lat.percentile(p, kind))).padStart(8))
      .join('')}`,
  );
}
say(
  `  ${'all'.padEnd(28)}${String(lat.count()).padStart(6)}${[50, 95, 99, 100]
    .map((p) => String(round(lat.percentile(p))).padStart(8))
    .join('')}   (target p99 < ${TARGETS.ackP99Ms}: ${met(ackP99 < TARGETS.ackP99Ms)})`,
);
say(
  `Web API calls per ticket: ${round(callsPerTicket)} (${[...callsByMethod]
    .map(([m, n]) => `${m} ${round(n / Math.max(1, ticketsOpened))}`)
    .join(', ')})`,
);
say(
  inProcess
    ? `peak RSS: ${round(rssMb)} MB (app, fake Slack, SMTP sink and the people, one process)`
    : `peak RSS: app ${appRssMb.map((mb) => `${round(mb)} MB`).join(', ')}; ` +
        `fake Slack, SMTP sink and the people ${round(rssMb)} MB`,
);
const appCpuTotal = cpu.apps.reduce((sum, ms) => sum + ms, 0);
say(
  'CPU per lifecycle (ms, the lifecycles and the drain): ' +
    (inProcess
      ? `${round(cpu.own)} (app, fake Slack, SMTP sink and the people, one process)`
      : `${cpu.apps.map((ms, i) => `app ${i + 1} ${round(ms)}`).join(', ')}` +
        (cpu.apps.length > 1 ? ` (apps together ${round(appCpuTotal)})` : '') +
        (cpu.server === undefined
          ? ''
          : `; PostgreSQL server ${round(cpu.server)} for the apps, ${round(cpu.probe)} for the probe`) +
        `; fake Slack, SMTP sink and the people ${round(cpu.own)}`),
);
say(
  `load average (1, 5, 15 min): ${loadAtStart.map((l) => round(l, 2)).join(' ')} at the start, ` +
    `${loadAtEnd.map((l) => round(l, 2)).join(' ')} after the drain`,
);
say(
  `bare Bolt app: ${mix.requests} requests in ${round(mix.wallMs / 1000, 2)} s = ${round(mix.perSecond)}/s, ` +
    `p99 ${round(mix.latencies.percentile(99))} ms; ours ${round(ourRate)}/s → ratio ${round(bareRatio, 2)} ` +
    `(target ≥ ${TARGETS.bareRatio}: ${met(bareRatio >= TARGETS.bareRatio)})`,
);
say(
  `drain: ${drained ? `outbox empty ${round(drainMs)} ms after the last lifecycle` : 'outbox NOT drained in 120 s'}`,
);
say(
  `delivered: ${check.cards} cards, ${check.threadPosts} thread posts, ${check.customerDms} customer DMs, ` +
    `${check.operatorDms} operator DMs, ${check.mails} mails; lost ${check.lost}, duplicated ${check.duplicated}, ` +
    `cards disagreeing with the database ${check.disagreeing}`,
);
for (const line of check.problems.slice(0, 10)) say(`  problem: ${line}`);

if (values.json) {
  const figures: Record<string, number | string | boolean> = {
    database: database.kind,
    replicas: inProcess ? 0 : replicaCount,
    people,
    lifecycles: run.completed,
    failed_lifecycles: run.failures.length,
    lifecycles_per_s: round(perSecond),
    requests_per_s: round(ourRate),
    bare_requests_per_s: round(mix.perSecond),
    bare_ratio: round(bareRatio, 3),
    ack_p50_ms: round(lat.percentile(50)),
    ack_p95_ms: round(lat.percentile(95)),
    ack_p99_ms: round(ackP99),
    web_api_calls_per_ticket: round(callsPerTicket),
    rss_mb: round(inProcess ? rssMb : Math.max(...appRssMb)),
    cpu_ms_per_lifecycle_apps: round(inProcess ? cpu.own : appCpuTotal, 2),
    cpu_ms_per_lifecycle_bench: round(cpu.own, 2),
    load_average_1m_start: round(loadAtStart[0] ?? 0, 2),
    load_average_1m_end: round(loadAtEnd[0] ?? 0, 2),
    lost: check.lost,
    duplicated: check.duplicated,
    disagreeing_cards: check.disagreeing,
  };
  for (const kind of ['command', 'block_action', 'view_submission', 'event'] as const) {
    figures[`ack_p50_ms_${kind}`] = round(lat.percentileOf(`${kind}:`, 50));
    figures[`ack_p99_ms_${kind}`] = round(lat.percentileOf(`${kind}:`, 99));
  }
  for (const [i, ms] of cpu.apps.entries()) figures[`cpu_ms_per_lifecycle_app_${i + 1}`] = round(ms, 2);
  if (cpu.server !== undefined) {
    figures.cpu_ms_per_lifecycle_postgres = round(cpu.server, 2);
    figures.cpu_ms_per_lifecycle_postgres_probe = round(cpu.probe, 2);
  }
  for (const kind of lat.kinds())
    figures[`ack_p99_ms_${kind.replace(':', '_')}`] = round(lat.percentile(99, kind));
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}
process.exit(check.lost > 0 || check.duplicated > 0 || run.failures.length > 0 ? 1 : 0);
