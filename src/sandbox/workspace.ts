import type { QueuesConfig } from '../config/queues-file.js';
import type { SlackUserId } from '../core/model.js';
import type { FakeChannel, FakeUser } from '../fake-slack/fake-slack.js';

/** Someone the page lets you be: a Slack member of the sandbox workspace and what they are at the desk. */
export interface SandboxPerson {
  id: string;
  name: string;
  /** e.g. "operator, Helpdesk informatico" or "student". */
  role: string;
}

export interface SandboxWorkspace {
  people: SandboxPerson[];
  users: FakeUser[];
  channels: FakeChannel[];
}

/** Customers who are not in the queues file, so that tickets can be opened by someone who is not staff. */
const SAMPLE_CUSTOMERS: (FakeUser & { role: string })[] = [
  {
    id: 'U0GESPOS01',
    name: 'giulia.esposito',
    realName: 'Giulia Esposito',
    role: 'student',
    locale: 'it-IT',
  },
  { id: 'U0LBRUNO02', name: 'lorenzo.bruno', realName: 'Lorenzo Bruno', role: 'student', locale: 'it-IT' },
  {
    id: 'U0EMILLER3',
    name: 'emma.miller',
    realName: 'Emma Miller',
    role: 'exchange student',
    locale: 'en-US',
  },
  {
    id: 'U0PCONTI04',
    name: 'paola.conti',
    realName: 'Paola Conti',
    role: 'staff, Economia',
    locale: 'it-IT',
  },
].map((customer) => ({ ...customer, email: `${customer.name}@studenti.ateneo.example` }));

export const GENERAL_CHANNEL: FakeChannel = { id: 'C0GENERAL01', name: 'general' };

/**
 * The workspace a desk configured by `config` would live in: its operators and admins, a few customers,
 * each queue's channel, the admin channel and #general.
 */
export function sandboxWorkspace(config: QueuesConfig): SandboxWorkspace {
  const staff = config.agents.map((agent) => ({
    user: {
      id: agent.slackUserId,
      name: agent.name.toLowerCase().replaceAll(' ', '.'),
      realName: agent.name,
      ...(agent.email ? { email: agent.email } : {}),
      locale: agent.language === 'en' ? 'en-US' : 'it-IT',
    },
    role: roleOf(config, agent.slackUserId),
  }));
  const known = new Set(staff.map((member) => member.user.id));
  const unnamedAdmins = config.admins
    .filter((id) => !known.has(id))
    .map((id) => ({ user: { id, name: id.toLowerCase(), realName: `Admin ${id}` }, role: 'admin' }));
  const customers = SAMPLE_CUSTOMERS.map(({ role, ...user }) => ({ user, role }));
  const everyone = [...staff, ...unnamedAdmins, ...customers];

  const channels: FakeChannel[] = [GENERAL_CHANNEL];
  for (const queue of config.queues) {
    if (queue.channel) channels.push({ id: queue.channel, name: queue.key });
  }
  if (config.adminChannel) channels.push({ id: config.adminChannel, name: 'sportello-admin' });

  return {
    people: everyone.map(({ user, role }) => ({ id: user.id, name: user.realName ?? user.name, role })),
    users: everyone.map(({ user }) => user),
    channels,
  };
}

/**
 * What the queues file makes of someone: "admin, operator, Helpdesk informatico", or for someone who only has
 * rights on a queue, "read, note on Helpdesk informatico".
 */
function roleOf(config: QueuesConfig, userId: SlackUserId): string {
  const queues = config.queues.filter((queue) => queue.operators.includes(userId)).map((queue) => queue.name);
  const rights = config.queues
    .filter((queue) => (queue.permissions[userId] ?? []).length > 0)
    .map((queue) => `${(queue.permissions[userId] ?? []).join(', ')} on ${queue.name}`);
  const parts = [
    ...(config.admins.includes(userId) ? ['admin'] : []),
    ...(queues.length > 0 ? [`operator, ${queues.join(', ')}`] : rights),
  ];
  return parts.length > 0 ? parts.join('; ') : 'staff';
}
