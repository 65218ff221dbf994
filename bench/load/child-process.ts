import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type FakeSlack, startFakeSlack } from '../../src/fake-slack/fake-slack.js';
import { createSlackClient, type SlackRequests } from '../../src/fake-slack/slack-requests.js';
import { ChildApp, freePort } from '../../test/resilience/support/child-app.js';
import { type SmtpSink, startSmtpSink } from '../../test/support/smtp-sink.js';
import { type LoadDesk, loadDesk } from './desk.js';
import { LOAD_BOT_TOKEN, LOAD_SIGNING_SECRET } from './in-process.js';
import { DeskProbe } from './probe.js';

export interface ChildProcessApp {
  desk: LoadDesk;
  fake: FakeSlack;
  slack: SlackRequests;
  probe: DeskProbe;
  sink: SmtpSink | undefined;
  app: ChildApp;
  /** Peak resident set size of the app's processes (tsx and the app), MB. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

/**
 * The app as `npm start` runs it, in a process of its own (so it has a core to itself), against the fake
 * Slack and the SMTP sink of this process; the people read the database through a connection of their own.
 */
export async function startChildProcessApp(options: {
  people: number;
  smtp?: boolean;
}): Promise<ChildProcessApp> {
  const desk = loadDesk(options.people);
  const fake = await startFakeSlack({ users: desk.users });
  const sink = options.smtp ? await startSmtpSink() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'sportello-load-'));
  const configPath = join(dir, 'sportello.yml');
  writeFileSync(configPath, desk.configText);
  const port = await freePort();
  const app = new ChildApp({
    DATABASE_PATH: join(dir, 'sportello.db'),
    SPORTELLO_CONFIG: configPath,
    SLACK_BOT_TOKEN: LOAD_BOT_TOKEN,
    SLACK_SIGNING_SECRET: LOAD_SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: String(port),
    SCHEDULER_INTERVAL_SECONDS: '1',
    MAIL_FROM: 'Sportello <sportello@ateneo.example>',
    MAIL_DIR: join(dir, 'mail'),
    // info: the ready line ("scheduler running") is an info line.
    LOG_LEVEL: 'info',
    ...(sink ? { SMTP_URL: sink.url() } : {}),
  });
  await app.start(/scheduler running/);
  const probe = new DeskProbe(new Database(join(dir, 'sportello.db')));
  const slack = createSlackClient({
    url: `http://127.0.0.1:${port}`,
    signingSecret: LOAD_SIGNING_SECRET,
    responseUrlBase: fake.responseUrlBase,
  });
  return {
    desk,
    fake,
    slack,
    probe,
    sink,
    app,
    peakRssMb: () => groupPeakRss(app.pid) / 1024,
    async stop() {
      await app.stop();
      probe.sqlite.close();
      await fake.close();
      await sink?.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The largest peak RSS (VmHWM, kB) among the processes of a process group (Linux; 0 elsewhere). */
function groupPeakRss(group: number | undefined): number {
  if (group === undefined) return 0;
  let peak = 0;
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (Number(fields[2]) !== group) continue;
        const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
        peak = Math.max(peak, Number(hwm ?? 0));
      } catch {
        // the process ended meanwhile
      }
    }
  } catch {
    return 0;
  }
  return peak;
}
