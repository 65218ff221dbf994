import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_PLEASANTRIES,
  loadQueuesConfig,
  parseQueuesConfig,
  type QueuesConfig,
} from '../../src/config/queues-file.js';

const SHIPPED = resolve(import.meta.dirname, '../../sportello.yml');

const MINIMAL = `
admins: [U0ADMIN001]
agents:
  - slack_user_id: U0MROSSI01
    name: Maria Rossi
  - slack_user_id: U0GBIANCHI
    name: Giulia Bianchi
calendars:
  - key: ateneo
    name: Orario
    hours:
      mon: ["08:30-13:00", "14:00-17:30"]
queues:
  - key: helpdesk
    name: Helpdesk informatico
    operators: [U0MROSSI01]
    calendar: ateneo
  - key: reti
    name: Reti e Wi-Fi
    parent: helpdesk
`;

/** Parses `text` expecting failure; returns the message lines. */
function problemsOf(text: string, fileName = 'sportello.yml'): string[] {
  try {
    parseQueuesConfig(text, fileName);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message.split('\n');
  }
  throw new Error('expected a ConfigError');
}

/** MINIMAL with `extra` lines appended to the queues list. */
const withQueues = (extra: string) => `${MINIMAL}${extra}`;

describe('the shipped sportello.yml', () => {
  it('parses, with first- and second-level queues and the ateneo calendar', () => {
    const config = loadQueuesConfig(SHIPPED);
    const keys = config.queues.map((queue) => queue.key);
    expect(keys).toEqual(
      expect.arrayContaining(['helpdesk', 'didattica', 'biblioteca', 'reti', 'posta', 'account']),
    );
    expect(config.queues.filter((queue) => queue.parent === null).length).toBeGreaterThanOrEqual(3);
    expect(config.queues.find((queue) => queue.key === 'reti')?.parent).toBe('helpdesk');
    expect(config.queues.find((queue) => queue.key === 'esami')?.parent).toBe('didattica');
    expect(config.queues.find((queue) => queue.key === 'helpdesk')?.intakeChannels).toEqual(['C0RICHIESTE']);
    expect(config.intake.pleasantries.it).toContain('grazie mille');
    expect(new Set(config.queues.map((queue) => queue.followUp))).toEqual(
      new Set(['reopen', 'reject', 'new_ticket']),
    );

    const ateneo = config.calendars.find((calendar) => calendar.key === 'ateneo');
    expect(ateneo?.timeZone).toBe('Europe/Rome');
    expect(ateneo?.hours.mon).toEqual(['08:30-13:00', '14:00-17:30']);
    expect(ateneo?.hours.sun).toEqual([]);
    expect(ateneo?.holidays.italianNational).toBe(true);
    expect(ateneo?.holidays.dates).toContain('12-07');
    // Routing without a dispatcher: an example of each way.
    expect(new Set(config.queues.map((queue) => queue.assign))).toEqual(
      new Set(['manual', 'round_robin', 'least_open']),
    );
    expect(config.queues.find((queue) => queue.key === 'posta')?.skipSlackAway).toBe(true);
  });
});

describe('parseQueuesConfig', () => {
  it('applies defaults and exposes camelCase', () => {
    const config: QueuesConfig = parseQueuesConfig(MINIMAL, 'sportello.yml');
    expect(config).toMatchObject({ systemId: '10', timeZone: 'Europe/Rome', defaultLanguage: 'it' });
    expect(config.calendars[0]?.timeZone).toBe('Europe/Rome');
    expect(config.queues[0]).toEqual({
      key: 'helpdesk',
      name: 'Helpdesk informatico',
      parent: null,
      customerVisible: true,
      channel: null,
      email: null,
      operators: ['U0MROSSI01'],
      permissions: {},
      followUp: 'reopen',
      reopenWindowDays: null,
      unlockMinutes: 0,
      askSatisfaction: true,
      calendar: 'ateneo',
      sla: { notifyBeforePercent: 80 },
      responses: [],
      tags: [],
      intakeChannels: [],
      assign: 'manual',
      skipSlackAway: false,
      fields: [],
    });
    expect(config.queues[1]).toMatchObject({ parent: 'helpdesk', customerVisible: false });
    expect(config.intake).toEqual({
      emoji: 'ticket',
      groupingWindowSeconds: 120,
      pleasantries: DEFAULT_PLEASANTRIES,
    });
  });

  it('reads request channels and the intake settings; a language listed replaces its defaults', () => {
    const config = parseQueuesConfig(
      `${MINIMAL.replace('    calendar: ateneo\n', '    calendar: ateneo\n    intake_channels: [C0RICHIEST]\n')}
intake:
  emoji: sos
  grouping_window_seconds: 60
  pleasantries:
    en: [Cheers mate, thanks]
`,
      'sportello.yml',
    );
    expect(config.queues[0]?.intakeChannels).toEqual(['C0RICHIEST']);
    expect(config.intake).toEqual({
      emoji: 'sos',
      groupingWindowSeconds: 60,
      pleasantries: { it: DEFAULT_PLEASANTRIES.it, en: ['cheers mate', 'thanks'] },
    });
  });

  it('keeps request channels apart from queue channels, from each other and from sub-queues', () => {
    const problems = problemsOf(
      withQueues(`
  - { key: posta, name: Posta, channel: C0POSTA001, intake_channels: [C0RICHIEST] }
  - { key: mail, name: Mail, intake_channels: [C0POSTA001, C0RICHIEST] }
  - { key: wifi, name: Wi-Fi, parent: reti, intake_channels: [C0WIFI0001] }
intake: { emoji: ":ticket:" }
`),
    );
    expect(problems).toEqual([
      'sportello.yml: queues[4].intake_channels: only a first-level queue visible to customers takes requests from channels',
      'sportello.yml: intake.emoji: must be an emoji name as Slack writes it, without colons, e.g. ticket',
    ]);
    const crossed = problemsOf(
      withQueues(`
  - { key: posta, name: Posta, channel: C0POSTA001, intake_channels: [C0RICHIEST] }
  - { key: mail, name: Mail, intake_channels: [C0POSTA001, C0RICHIEST] }
`),
    );
    expect(crossed).toEqual([
      'sportello.yml: queues[3].intake_channels[0]: channel "C0POSTA001" is the channel of queues[2]',
      'sportello.yml: queues[3].intake_channels[1]: channel "C0RICHIEST" is already a request channel of queues[2]',
    ]);
  });

  it('reads SLA and visibility settings', () => {
    const config = parseQueuesConfig(
      withQueues(`
  - key: interna
    name: Interna
    customer_visible: false
    follow_up: reopen
    reopen_window_days: 14
    sla: { first_response_minutes: 60, solution_minutes: 2400, notify_before_percent: 75 }
`),
      'sportello.yml',
    );
    expect(config.queues[2]).toMatchObject({
      customerVisible: false,
      reopenWindowDays: 14,
      sla: { firstResponseMinutes: 60, solutionMinutes: 2400, notifyBeforePercent: 75 },
    });
  });

  it('reads canned responses and suggested tags', () => {
    const config = parseQueuesConfig(
      withQueues(`
  - key: account
    name: Account
    tags: [password, spid]
    responses:
      - key: reset
        title: Reset della password
        text:
          it: "Gentile {customer_name}, la password è stata reimpostata."
          en: "Dear {customer_name}, your password has been reset."
        new_state: pending_auto_close_successful
        pending_days: 3
      - key: grazie
        title: Grazie
        text: { it: "Grazie, {customer_name}!" }
`),
      'sportello.yml',
    );
    expect(config.queues[2]).toMatchObject({
      tags: ['password', 'spid'],
      responses: [
        {
          key: 'reset',
          title: 'Reset della password',
          text: {
            it: 'Gentile {customer_name}, la password è stata reimpostata.',
            en: 'Dear {customer_name}, your password has been reset.',
          },
          nextState: { state: 'pending_auto_close_successful', pendingDays: 3 },
        },
        { key: 'grazie', title: 'Grazie', text: { it: 'Grazie, {customer_name}!' } },
      ],
    });
  });

  it('names what is wrong in a response or a tag', () => {
    const problems = problemsOf(
      withQueues(`
  - key: account
    name: Account
    tags: [Rete Wifi]
    responses:
      - { key: a, title: A, text: { it: "Ciao {nome}" }, new_state: pending_reminder }
      - { key: a, title: B, text: {}, pending_days: 2 }
      - { key: c, title: C, text: { en: "Hi" }, new_state: merged }
`),
    );
    expect(problems).toEqual([
      'sportello.yml: queues[2].responses[0].text.it: unknown variable {nome} (known: {customer_name}, {ticket_number}, {queue}, {operator}, {due})',
      'sportello.yml: queues[2].responses[0].pending_days: is required with new_state: pending_reminder (how many days the ticket waits)',
      'sportello.yml: queues[2].responses[1].text: give the text in at least one language (it, en)',
      'sportello.yml: queues[2].responses[1].pending_days: only allowed with a pending new_state',
      'sportello.yml: queues[2].responses[2].new_state: must be one of open, pending_reminder, pending_auto_close_successful, pending_auto_close_unsuccessful, closed_successful, closed_unsuccessful (got "merged")',
      'sportello.yml: queues[2].tags[0]: write it as "rete-wifi" (lower case, words joined by "-", at most 40 characters)',
    ]);
    expect(
      problemsOf(
        withQueues(`
  - key: account
    name: Account
    responses:
      - { key: a, title: A, text: { it: "x" } }
      - { key: a, title: B, text: { it: "y" } }
`),
      ),
    ).toEqual([
      'sportello.yml: queues[2].responses[1].key: duplicate response key "a" (already used by responses[0])',
    ]);
  });

  it('names the file and the field of a negative SLA time', () => {
    const problems = problemsOf(
      withQueues(`
  - key: posta
    name: Posta
    sla: { first_response_minutes: -10 }
`),
    );
    expect(problems).toEqual([
      'sportello.yml: queues[2].sla.first_response_minutes: must be a positive whole number of minutes',
    ]);
  });

  it('rejects an unknown follow-up option', () => {
    expect(problemsOf(withQueues('  - { key: posta, name: Posta, follow_up: reopn }\n'))).toEqual([
      'sportello.yml: queues[2].follow_up: must be one of reopen, reject, new_ticket (got "reopn")',
    ]);
  });

  it('reads how a queue assigns, and refuses an unknown way or skip_slack_away without automatic assignment', () => {
    const config = parseQueuesConfig(
      withQueues('  - { key: posta, name: Posta, assign: least_open, skip_slack_away: true }\n'),
      'sportello.yml',
    );
    expect(config.queues[2]).toMatchObject({ assign: 'least_open', skipSlackAway: true });
    expect(problemsOf(withQueues('  - { key: posta, name: Posta, assign: random }\n'))).toEqual([
      'sportello.yml: queues[2].assign: must be one of manual, round_robin, least_open (got "random")',
    ]);
    expect(problemsOf(withQueues('  - { key: posta, name: Posta, skip_slack_away: true }\n'))).toEqual([
      'sportello.yml: queues[2].skip_slack_away: only allowed with assign: round_robin or least_open (this queue is assigned by hand)',
    ]);
  });

  it('allows reopen_window_days only with reopen', () => {
    const problems = problemsOf(
      withQueues('  - { key: posta, name: Posta, follow_up: reject, reopen_window_days: 7 }\n'),
    );
    expect(problems).toEqual([
      expect.stringMatching(/^sportello\.yml: queues\[2\]\.reopen_window_days: only allowed/),
    ]);
  });

  it('rejects a permission name not in the list', () => {
    const problems = problemsOf(
      withQueues('  - { key: posta, name: Posta, permissions: { U0GBIANCHI: [read, approve] } }\n'),
    );
    expect(problems).toEqual([
      'sportello.yml: queues[2].permissions.U0GBIANCHI[1]: unknown permission "approve" ' +
        '(allowed: read, create, note, owner, move, priority, close, rw, stats)',
    ]);
  });

  it('names an unknown parent with the declared keys', () => {
    const problems = problemsOf(withQueues('  - { key: wifi, name: Wi-Fi, parent: rete }\n'));
    expect(problems).toEqual([
      'sportello.yml: queues[2].parent: unknown queue "rete" (declared keys: helpdesk, reti, wifi)',
    ]);
  });

  it('detects a parent cycle, once per cycle', () => {
    const problems = problemsOf(
      withQueues(`
  - { key: a, name: A, parent: c }
  - { key: b, name: B, parent: a }
  - { key: c, name: C, parent: b }
  - { key: d, name: D, parent: d }
  - { key: e, name: E, parent: a }
`),
    );
    expect(problems).toEqual([
      'sportello.yml: queues[2].parent: parent cycle: a → c → b → a',
      'sportello.yml: queues[5].parent: parent cycle: d → d',
    ]);
  });

  it('rejects a duplicate queue key', () => {
    expect(problemsOf(withQueues('  - { key: reti, name: Altre reti }\n'))).toEqual([
      'sportello.yml: queues[2].key: duplicate queue key "reti" (already used by queues[1])',
    ]);
  });

  it('rejects a duplicate agent', () => {
    const text = MINIMAL.replace(
      'agents:\n',
      'agents:\n  - { slack_user_id: U0GBIANCHI, name: Giulia B. }\n',
    );
    expect(problemsOf(text)).toEqual([
      'sportello.yml: agents[2].slack_user_id: duplicate agent "U0GBIANCHI" (already declared at agents[0])',
    ]);
  });

  it('requires operators and permission holders to be declared agents or admins', () => {
    const problems = problemsOf(
      withQueues(
        '  - { key: posta, name: Posta, operators: [U0ADMIN001, U0NESSUNO1], permissions: { U0NESSUNO2: [read] } }\n',
      ),
    );
    expect(problems).toEqual([
      'sportello.yml: queues[2].operators[1]: user "U0NESSUNO1" is not declared in agents or admins',
      'sportello.yml: queues[2].permissions.U0NESSUNO2: user "U0NESSUNO2" is not declared in agents or admins',
    ]);
  });

  it('rejects an unknown calendar and a channel shared by two queues', () => {
    const problems = problemsOf(
      withQueues(`
  - { key: posta, name: Posta, calendar: festivo, channel: C0POSTA001 }
  - { key: mail, name: Mail, channel: C0POSTA001 }
`),
    );
    expect(problems).toEqual([
      'sportello.yml: queues[3].channel: channel "C0POSTA001" is already used by queues[2]',
      'sportello.yml: queues[2].calendar: unknown calendar "festivo" (declared calendars: ateneo)',
    ]);
  });

  it('forbids making a sub-queue visible to customers', () => {
    const problems = problemsOf(
      withQueues('  - { key: wifi, name: Wi-Fi, parent: reti, customer_visible: true }\n'),
    );
    expect(problems).toEqual([expect.stringMatching(/^sportello\.yml: queues\[2\]\.customer_visible: /)]);
  });

  it('lists every shape problem, one line each, with the field path', () => {
    const problems = problemsOf(
      `
system_id: 10
time_zone: Europa/Roma
default_language: fr
agents:
  - { slack_user_id: mrossi, name: Maria, email: not-an-email }
calendars:
  - key: ateneo
    name: Orario
    hours: { mon: ["09:00-12:00", "11:00-13:00"], tue: ["18:00-08:00"] }
    holidays: { dates: ["02-30"] }
queues:
  - key: Helpdesk
    name: Helpdesk
    folow_up: reopen
    unlock_minutes: -1
    sla: { notify_before_percent: 100 }
  - name: Senza chiave
`,
      'config/desk.yml',
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        'config/desk.yml: system_id: must be a quoted string of 1 or 2 digits, e.g. "10"',
        'config/desk.yml: time_zone: unknown time zone "Europa/Roma"',
        'config/desk.yml: default_language: must be one of it, en (got "fr")',
        expect.stringMatching(/^config\/desk\.yml: agents\[0\]\.slack_user_id: not a Slack user id/),
        'config/desk.yml: agents[0].email: not a valid email address',
        'config/desk.yml: calendars[0].hours.mon[1]: "11:00-13:00" overlaps "09:00-12:00"',
        'config/desk.yml: calendars[0].hours.tue[0]: "18:00-08:00": the start must come before the end',
        expect.stringMatching(
          /^config\/desk\.yml: calendars\[0\]\.holidays\.dates\[0\]: "02-30" is not a date/,
        ),
        expect.stringMatching(/^config\/desk\.yml: queues\[0\]\.key: queue key must be lower-case/),
        'config/desk.yml: queues[0].folow_up: unknown field (check the spelling)',
        'config/desk.yml: queues[0].unlock_minutes: must be 0 (never) or a positive whole number of minutes',
        'config/desk.yml: queues[0].sla.notify_before_percent: must be between 1 and 99',
        'config/desk.yml: queues[1].key: is required',
      ]),
    );
    expect(problems).toHaveLength(13);
  });

  it('reports every range that overlaps an earlier one, and keeps the ranges sorted as written', () => {
    const calendar = (hours: string) => MINIMAL.replace('mon: ["08:30-13:00", "14:00-17:30"]', hours);
    expect(problemsOf(calendar('mon: ["08:00-18:00", "09:00-10:00", "11:00-12:00"]'))).toEqual([
      'sportello.yml: calendars[0].hours.mon[1]: "09:00-10:00" overlaps "08:00-18:00"',
      'sportello.yml: calendars[0].hours.mon[2]: "11:00-12:00" overlaps "08:00-18:00"',
    ]);
    const config = parseQueuesConfig(calendar('sat: ["12:00-24:00", "08:00-12:00"]'), 'sportello.yml');
    expect(config.calendars[0]?.hours.sat).toEqual(['08:00-12:00', '12:00-24:00']);
  });

  it('rejects a holiday date the calendar could not use', () => {
    const withDates = MINIMAL.replace('queues:', '    holidays: { dates: ["0050-01-01"] }\nqueues:');
    expect(problemsOf(withDates)).toEqual([
      'sportello.yml: calendars[0].holidays.dates[0]: "0050-01-01" is not a date like "12-07" (every year) or "2026-12-24" (once)',
    ]);
  });

  it('explains a wrong type in YAML terms', () => {
    expect(problemsOf('queues: { key: helpdesk }\n')).toEqual([
      'sportello.yml: queues: expected a list, got a mapping',
    ]);
    expect(problemsOf('- helpdesk\n')).toEqual([
      'sportello.yml: (top level): expected a mapping, got a list',
    ]);
  });

  it('names the file and line of a YAML syntax error', () => {
    const problems = problemsOf('queues:\n  - key: helpdesk\n    name: [Helpdesk\n', 'desk.yml');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^desk\.yml: line \d+, column \d+: YAML syntax error: /);
  });

  it('reports a key written twice as a YAML error with its line', () => {
    expect(problemsOf('queues:\n  - key: helpdesk\n    key: posta\n    name: X\n')).toEqual([
      'sportello.yml: line 3, column 5: YAML syntax error: Map keys must be unique',
    ]);
  });

  it('rejects an empty file', () => {
    expect(problemsOf('# nothing yet\n')).toEqual([
      'sportello.yml: the file is empty; it must declare at least the queues',
    ]);
  });
});

describe('loadQueuesConfig', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('names the path and SPORTELLO_CONFIG when the file is missing', () => {
    const path = join(tmpdir(), 'sportello-missing', 'sportello.yml');
    expect(() => loadQueuesConfig(path)).toThrow(ConfigError);
    expect(() => loadQueuesConfig(path)).toThrow(
      new RegExp(`${path.replace(/[.\\/]/g, '\\$&')}.*SPORTELLO_CONFIG`),
    );
  });

  it('uses the path as the file name in errors', () => {
    dir = mkdtempSync(join(tmpdir(), 'sportello-'));
    const path = join(dir, 'desk.yml');
    writeFileSync(path, 'queues: []\n');
    expect(() => loadQueuesConfig(path)).toThrow(`${path}: queues: declare at least one queue`);
  });
});
