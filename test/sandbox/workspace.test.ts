import { describe, expect, it } from 'vitest';
import { parseQueuesConfig } from '../../src/config/queues-file.js';
import { GENERAL_CHANNEL, sandboxWorkspace } from '../../src/sandbox/workspace.js';

const CONFIG = parseQueuesConfig(
  `
system_id: "10"
time_zone: Europe/Rome
admins: [U0ADMIN001, U0MROSSI01]
admin_channel: C0SPORTADMN
agents:
  - { slack_user_id: U0MROSSI01, name: Maria Rossi, email: maria.rossi@ateneo.example }
  - { slack_user_id: U0GBIANCHI, name: Giulia Bianchi }
  - { slack_user_id: U0JSMITH05, name: John Smith, language: en }
queues:
  - key: helpdesk
    name: Helpdesk informatico
    channel: C0HELPDESK1
    operators: [U0MROSSI01]
    permissions: { U0GBIANCHI: [read, note] }
  - { key: reti, name: Reti e Wi-Fi, parent: helpdesk, channel: C0RETIWIFI1, operators: [U0JSMITH05] }
  - { key: biblioteca, name: Biblioteca, operators: [U0MROSSI01] }
`,
  'test.yml',
);

describe('the sandbox workspace built from the queues file', () => {
  const workspace = sandboxWorkspace(CONFIG);
  const person = (name: string) => workspace.people.find((p) => p.name === name);

  it('has everyone of the queues file, with what they are at the desk, and sample customers', () => {
    expect(person('Maria Rossi')?.role).toBe('admin; operator, Helpdesk informatico, Biblioteca');
    expect(person('Giulia Bianchi')?.role).toBe('read, note on Helpdesk informatico');
    expect(person('John Smith')?.role).toBe('operator, Reti e Wi-Fi');
    expect(person('Admin U0ADMIN001')?.role).toBe('admin');
    expect(workspace.people.filter((p) => p.role.includes('student')).length).toBeGreaterThanOrEqual(2);
  });

  it("gives each person Slack's profile: language, email", () => {
    const users = new Map(workspace.users.map((user) => [user.id, user]));
    expect(users.get('U0JSMITH05')?.locale).toBe('en-US');
    expect(users.get('U0MROSSI01')).toMatchObject({ locale: 'it-IT', email: 'maria.rossi@ateneo.example' });
    expect(new Set(workspace.users.map((user) => user.id)).size).toBe(workspace.users.length);
  });

  it("has #general, each queue's channel and the admin channel", () => {
    expect(workspace.channels).toEqual([
      GENERAL_CHANNEL,
      { id: 'C0HELPDESK1', name: 'helpdesk' },
      { id: 'C0RETIWIFI1', name: 'reti' },
      { id: 'C0SPORTADMN', name: 'sportello-admin' },
    ]);
  });
});
