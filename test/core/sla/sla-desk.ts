import { eq } from 'drizzle-orm';
import type { Actor } from '../../../src/core/actor.js';
import { queueKeyOf, slackUserIdOf } from '../../../src/core/model.js';

import { createTestDesk, type TestDesk } from '../../support/desk.js';

/**
 * A desk whose queues count SLA times on an office calendar (Rome; Monday to Friday 08:30-13:00 and
 * 14:00-17:30, 8 working hours a day; Italian national holidays and 7 December, Milan's patron saint):
 * - helpdesk: first response 60, update 240, solution 2400 working minutes (5 days), warnings at 75%,
 *   clocks paused while pending, claims released after 120 minutes without a change;
 * - reti (sub-queue of helpdesk): update 240, solution 1440, no first response, clocks keep running;
 * - progetti: solution 9600 working minutes (4 weeks);
 * - h24: no calendar (around the clock): first response 60, solution 600.
 */
export const SLA_CONFIG = `
system_id: "10"
time_zone: Europe/Rome
agents:
  - { slack_user_id: U0MARIA001, name: Maria Rossi }
  - { slack_user_id: U0LUCA0001, name: Luca Verdi }
  - { slack_user_id: U0PAOLO001, name: Paolo Ricci }
calendars:
  - key: ufficio
    name: Orario d'ufficio
    hours:
      mon: ["08:30-13:00", "14:00-17:30"]
      tue: ["08:30-13:00", "14:00-17:30"]
      wed: ["08:30-13:00", "14:00-17:30"]
      thu: ["08:30-13:00", "14:00-17:30"]
      fri: ["08:30-13:00", "14:00-17:30"]
    holidays: { italian_national: true, dates: ["12-07"] }
queues:
  - key: helpdesk
    name: Helpdesk informatico
    channel: C0HELPDESK
    operators: [U0MARIA001, U0LUCA0001]
    permissions: { U0PAOLO001: [read] }
    calendar: ufficio
    unlock_minutes: 120
    sla:
      first_response_minutes: 60
      update_minutes: 240
      solution_minutes: 2400
      notify_before_percent: 75
      pause_when_pending: true
  - key: reti
    name: Reti e Wi-Fi
    parent: helpdesk
    channel: C0RETI0001
    operators: [U0MARIA001, U0LUCA0001]
    calendar: ufficio
    sla: { update_minutes: 240, solution_minutes: 1440 }
  - key: progetti
    name: Progetti
    channel: C0PROGETTI
    operators: [U0MARIA001]
    calendar: ufficio
    sla: { solution_minutes: 9600 }
  - key: h24
    name: Sempre aperto
    channel: C0H24OPEN1
    operators: [U0MARIA001]
    sla: { first_response_minutes: 60, solution_minutes: 600 }
`;

export const maria: Actor = { kind: 'slack', userId: slackUserIdOf('U0MARIA001') };
export const luca: Actor = { kind: 'slack', userId: slackUserIdOf('U0LUCA0001') };
export const paolo: Actor = { kind: 'slack', userId: slackUserIdOf('U0PAOLO001') };
export const student: Actor = { kind: 'slack', userId: slackUserIdOf('U0STUDENT1') };

/** A desk on the SLA configuration, its clock at `at`. */
export async function slaDesk(at: string, path = ':memory:'): Promise<TestDesk> {
  const t = await createTestDesk(path, SLA_CONFIG);
  t.clock.set(new Date(at));
  return t;
}

/** Opens a ticket in `queueKey` as the student, at the desk's current time. */
export async function open(t: TestDesk, queueKey = 'helpdesk', title = 'Stampante guasta') {
  return (
    await t.desk.openTicket(student, {
      queueKey: queueKeyOf(queueKey),
      title,
      article: { channel: 'slack', body: `${title}: non stampa più.` },
    })
  ).ticket;
}

/** An instant as ISO in UTC, to compare with what the desk stored. */
export const utc = (iso: string): string => new Date(iso).toISOString();

/** The ticket's jobs with a status, as `kind/target@ISO`, soonest first. */
export async function jobsOf(
  t: TestDesk,
  ticketId: number,
  status: 'pending' | 'done' | 'cancelled' = 'pending',
) {
  return (
    await t.db
      .select()
      .from(t.tables.scheduledJobs)
      .where(eq(t.tables.scheduledJobs.ticketId, ticketId))
      .orderBy(t.tables.scheduledJobs.dueAt, t.tables.scheduledJobs.id)
  )
    .filter((job) => job.status === status)
    .map((job) => `${job.kind}/${job.target}@${job.dueAt.toISOString()}`);
}
