import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseQueuesConfig } from '../../src/config/queues-file.js';
import { mailboxAccounts } from '../../src/mail/accounts.js';

const QUEUES = `
queues:
  - key: helpdesk
    name: Helpdesk informatico
    email: helpdesk@ateneo.example
  - key: biblioteca
    name: Biblioteca
`;

function problemsOf(text: string): string[] {
  try {
    parseQueuesConfig(text, 'sportello.yml');
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('mailboxes (mail in over IMAP)', () => {
  it('are optional', () => {
    expect(parseQueuesConfig(QUEUES, 'sportello.yml').mailboxes).toEqual([]);
  });

  it('default to IMAPS on 993, INBOX, no processed folder; plain IMAP defaults to 143', () => {
    const config = parseQueuesConfig(
      `${QUEUES}
mailboxes:
  - { host: imap.ateneo.example, user: helpdesk, password_env: HELPDESK_IMAP_PASSWORD, queue: helpdesk }
  - host: 127.0.0.1
    secure: false
    user: biblioteca
    password: s3cret-pw
    mailbox: Biblioteca
    queue: biblioteca
    processed_folder: Processed
`,
      'sportello.yml',
    );
    expect(config.mailboxes).toEqual([
      {
        host: 'imap.ateneo.example',
        port: 993,
        secure: true,
        user: 'helpdesk',
        passwordEnv: 'HELPDESK_IMAP_PASSWORD',
        mailbox: 'INBOX',
        queue: 'helpdesk',
        processedFolder: null,
      },
      {
        host: '127.0.0.1',
        port: 143,
        secure: false,
        user: 'biblioteca',
        password: 's3cret-pw',
        mailbox: 'Biblioteca',
        queue: 'biblioteca',
        processedFolder: 'Processed',
      },
    ]);
  });

  it('name an unknown queue, a missing or doubled password, a bad variable name and a folder read twice', () => {
    const problems = problemsOf(`${QUEUES}
mailboxes:
  - { host: imap.example, user: a, password_env: A_PW, queue: helpdek }
  - { host: imap.example, user: b, queue: helpdesk }
  - { host: imap.example, user: c, password: x, password_env: C_PW, queue: helpdesk }
  - { host: imap.example, user: d, password_env: "not a name", queue: helpdesk }
  - { host: imap.example, user: e, password: x, queue: helpdesk, processed_folder: INBOX }
  - { host: imap.example, user: a, password: x, queue: helpdesk, port: 0 }
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'sportello.yml: mailboxes[1].password_env: give exactly one of password and password_env (the name of a variable holding it)',
        'sportello.yml: mailboxes[2].password_env: give exactly one of password and password_env (the name of a variable holding it)',
        'sportello.yml: mailboxes[3].password_env: must be the name of an environment variable, e.g. IMAP_PASSWORD',
        'sportello.yml: mailboxes[4].processed_folder: must differ from mailbox (the folder that is read)',
        'sportello.yml: mailboxes[5].port: must be a port number (1-65535)',
      ]),
    );
    const references = problemsOf(`${QUEUES}
mailboxes:
  - { host: imap.example, user: a, password_env: A_PW, queue: helpdek }
  - { host: IMAP.example, user: A, password: x, queue: helpdesk }
`);
    expect(references).toEqual([
      'sportello.yml: mailboxes[1].mailbox: "a@imap.example/INBOX" is already read by mailboxes[0]',
      'sportello.yml: mailboxes[0].queue: unknown queue "helpdek" (declared keys: helpdesk, biblioteca)',
    ]);
  });

  it('take their password from the environment at start, naming every one missing', () => {
    const { mailboxes } = parseQueuesConfig(
      `${QUEUES}
mailboxes:
  - { host: imap.example, user: a, password_env: A_PW, queue: helpdesk, processed_folder: Done }
  - { host: imap.example, user: b, password_env: B_PW, queue: biblioteca }
  - { host: imap.example, user: c, password: written-here, queue: biblioteca }
`,
      'sportello.yml',
    );
    const accounts = mailboxAccounts(mailboxes, { A_PW: 'from-env-a', B_PW: 'from-env-b' });
    expect(accounts.map((a) => [a.user, a.password, a.queue, a.processedFolder])).toEqual([
      ['a', 'from-env-a', 'helpdesk', 'Done'],
      ['b', 'from-env-b', 'biblioteca', undefined],
      ['c', 'written-here', 'biblioteca', undefined],
    ]);
    expect(() => mailboxAccounts(mailboxes, { A_PW: 'x' })).toThrow(
      /mailboxes\[1\] \(b@imap\.example\): set B_PW/,
    );
  });

  it('allow a plaintext login only when a mailbox says so (allow_plaintext), carried to its account', () => {
    const { mailboxes } = parseQueuesConfig(
      `${QUEUES}
mailboxes:
  - { host: imap.example, secure: false, user: a, password: x, queue: helpdesk }
  - { host: imap.example, secure: false, user: b, password: x, queue: helpdesk, allow_plaintext: true }
`,
      'sportello.yml',
    );
    expect(mailboxes.map((mailbox) => mailbox.allowPlaintext)).toEqual([undefined, true]);
    expect(mailboxAccounts(mailboxes, {}).map((account) => account.allowPlaintext)).toEqual([
      undefined,
      true,
    ]);
    expect(
      problemsOf(`${QUEUES}
mailboxes:
  - { host: imap.example, user: a, password: x, queue: helpdesk, allow_plaintext: "yes" }
`),
    ).toEqual([expect.stringMatching(/^sportello\.yml: mailboxes\[0\]\.allow_plaintext: /)]);
  });

  it('the commented example in the shipped sportello.yml parses once uncommented', () => {
    const lines = readFileSync(new URL('../../sportello.yml', import.meta.url), 'utf8').split('\n');
    const start = lines.findIndex((line) => line.startsWith('# mailboxes:'));
    expect(start).toBeGreaterThan(0);
    const end = lines.findIndex((line, i) => i > start && line.trim() === '');
    const example = lines.slice(start, end).map((line) => line.replace(/^# ?/, ''));
    const config = parseQueuesConfig(
      [...lines.slice(0, start), ...example, ...lines.slice(end)].join('\n'),
      'sportello.yml',
    );
    expect(config.mailboxes).toEqual([
      expect.objectContaining({
        host: 'imap.ateneo.example',
        queue: 'helpdesk',
        passwordEnv: 'HELPDESK_IMAP_PASSWORD',
      }),
    ]);
    expect(parseQueuesConfig(lines.join('\n'), 'sportello.yml').mailboxes).toEqual([]);
  });
});
