import type { FakeUser } from '../../src/fake-slack/fake-slack.js';

/** A first-level queue of the load desk: its channel and the operators who work it. */
export interface LoadQueue {
  key: string;
  name: string;
  channel: string;
  email: string;
  operators: string[];
}

export interface LoadDesk {
  /** The queues file (YAML). */
  configText: string;
  queues: LoadQueue[];
  /** Customers, in the order people are numbered. */
  customers: FakeUser[];
  operators: FakeUser[];
  /** Everyone, for the fake's users.info. */
  users: FakeUser[];
  adminChannel: string;
}

const QUEUES: Omit<LoadQueue, 'operators'>[] = [
  { key: 'helpdesk', name: 'Helpdesk informatico', channel: 'C0HELPDESK', email: 'helpdesk@ateneo.example' },
  {
    key: 'didattica',
    name: 'Segreteria didattica',
    channel: 'C0DIDATTIC',
    email: 'didattica@ateneo.example',
  },
  { key: 'biblioteca', name: 'Biblioteca', channel: 'C0BIBLIOTE', email: 'biblioteca@ateneo.example' },
  { key: 'personale', name: 'Ufficio personale', channel: 'C0PERSONAL', email: 'personale@ateneo.example' },
];

/** `U0P` + a base-36 number: a valid, stable Slack user id for person `i`. */
export function customerId(i: number): string {
  return `U0P${i.toString(36).toUpperCase().padStart(6, '0')}`;
}

/**
 * A desk for load: four first-level queues (each with its channel, two operators and a sub-queue), and
 * `people` customers spread over them. Every customer is known to the fake Slack (users.info), half in
 * Italian and half in English; every third one also has an email address.
 */
export function loadDesk(people: number): LoadDesk {
  const operators: FakeUser[] = [];
  const queues: LoadQueue[] = QUEUES.map((queue, q) => {
    const ids = [0, 1].map((o) => `U0OP${q}${o}0000`);
    for (const [o, id] of ids.entries()) {
      operators.push({ id, name: `op${q}${o}`, realName: `Operatore ${q}.${o}`, locale: 'it-IT' });
    }
    return { ...queue, operators: ids };
  });
  const customers: FakeUser[] = [];
  for (let i = 0; i < people; i++) {
    customers.push({
      id: customerId(i),
      name: `person${i}`,
      realName: `Persona ${i}`,
      locale: i % 2 === 0 ? 'it-IT' : 'en-US',
      ...(i % 3 === 0 ? { email: `person${i}@studenti.example` } : {}),
    });
  }
  const adminChannel = 'C0ADMIN001';
  const agentLines = operators.map((o) => `  - { slack_user_id: ${o.id}, name: ${o.realName} }`);
  const queueLines = queues.flatMap((queue) => [
    `  - key: ${queue.key}`,
    `    name: ${queue.name}`,
    `    channel: ${queue.channel}`,
    `    email: ${queue.email}`,
    `    operators: [${queue.operators.join(', ')}]`,
    '    follow_up: reopen',
    '    reopen_window_days: 7',
    '    sla: { first_response_minutes: 60, update_minutes: 240, solution_minutes: 2400 }',
    `  - { key: ${queue.key}-2, name: ${queue.name} (2), parent: ${queue.key}, operators: [${queue.operators.join(', ')}] }`,
  ]);
  const configText = [
    'system_id: "10"',
    'time_zone: Europe/Rome',
    'admins: [U0OP000000]',
    `admin_channel: ${adminChannel}`,
    'agents:',
    ...agentLines,
    'queues:',
    ...queueLines,
    '',
  ].join('\n');
  return { configText, queues, customers, operators, users: [...operators, ...customers], adminChannel };
}

/** The queue person `i` writes to. */
export function queueOf(desk: LoadDesk, i: number): LoadQueue {
  return desk.queues[i % desk.queues.length] as LoadQueue;
}
