import { describe, expect, it } from 'vitest';
import { missingSlackVariables, readEnv, urlSecrets } from '../../src/config/env.js';

describe('environment', () => {
  it('has working defaults on a fresh machine', () => {
    const env = readEnv({});
    expect(env.DATABASE_PATH).toBe('./data/sportello.db');
    expect(env.SPORTELLO_CONFIG).toBe('./sportello.yml');
    expect(env.PORT).toBe(3000);
    expect(missingSlackVariables(env)).toEqual(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
  });

  it('treats empty variables as unset', () => {
    expect(readEnv({ DATABASE_PATH: '', PORT: '' }).DATABASE_PATH).toBe('./data/sportello.db');
  });

  it('names every invalid variable and says what is wrong, without echoing secrets', () => {
    const attempt = () =>
      readEnv({ PORT: 'eighty', SLACK_BOT_TOKEN: 'xoxp-user-token-secret', SLACK_API_URL: 'ftp://example' });
    expect(attempt).toThrow(/PORT: /);
    expect(attempt).toThrow(/SLACK_BOT_TOKEN: must be a bot token starting with "xoxb-"/);
    expect(attempt).toThrow(/SLACK_API_URL: must be an http\(s\) URL/);
    expect(attempt).not.toThrow(/user-token-secret/);
  });

  it('needs a signing secret only without Socket Mode', () => {
    expect(missingSlackVariables(readEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }))).toEqual(
      [],
    );
    expect(missingSlackVariables(readEnv({ SLACK_BOT_TOKEN: 'xoxb-1' }))).toEqual(['SLACK_SIGNING_SECRET']);
  });

  it('sends mail through SMTP only when told, from a default sender, into ./data/mail otherwise', () => {
    const env = readEnv({});
    expect(env.SMTP_URL).toBeUndefined();
    expect(env.MAIL_FROM).toBe('Sportello <sportello@localhost>');
    expect(env.MAIL_DIR).toBe('./data/mail');
    expect(urlSecrets(env)).toEqual([]);
    const configured = readEnv({
      SMTP_URL: 'smtps://helpdesk:p%40ss-w0rd@mail.ateneo.example:465',
      MAIL_FROM: 'Helpdesk <helpdesk@ateneo.example>',
      MAIL_DIR: '/var/mail/sportello',
    });
    expect(configured.SMTP_URL).toBe('smtps://helpdesk:p%40ss-w0rd@mail.ateneo.example:465');
    expect(configured.MAIL_FROM).toBe('Helpdesk <helpdesk@ateneo.example>');
    expect(urlSecrets(configured)).toEqual(['p%40ss-w0rd', 'p@ss-w0rd']);
    expect(readEnv({ MAIL_FROM: 'helpdesk@ateneo.example' }).MAIL_FROM).toBe('helpdesk@ateneo.example');
    expect(readEnv({ MAIL_FROM: '"Help, Desk" <helpdesk@ateneo.example>' }).MAIL_FROM).toBe(
      '"Help, Desk" <helpdesk@ateneo.example>',
    );
  });

  it('uses the SQLite file unless DATABASE_URL names a PostgreSQL database, hiding its password', () => {
    const sqlite = readEnv({});
    expect([sqlite.DATABASE_URL, sqlite.DATABASE_PATH, sqlite.DATABASE_POOL_SIZE]).toEqual([
      undefined,
      './data/sportello.db',
      10,
    ]);
    const pg = readEnv({
      DATABASE_URL: 'postgres://desk:s%23cret@db.ateneo.example/sportello',
      DATABASE_POOL_SIZE: '4',
    });
    expect([pg.DATABASE_URL, pg.DATABASE_POOL_SIZE]).toEqual([
      'postgres://desk:s%23cret@db.ateneo.example/sportello',
      4,
    ]);
    expect(urlSecrets(pg)).toEqual(['s%23cret', 's#cret']);
    const wrong = () => readEnv({ DATABASE_URL: 'mysql://desk:hunter2-secret@db.example.org/sportello' });
    expect(wrong).toThrow(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(wrong).not.toThrow(/hunter2/);
  });

  it('refuses a mail server that is not smtp(s) or a sender that is not an address, never echoing the password', () => {
    const attempt = (env: Record<string, string>) => () => readEnv(env);
    expect(attempt({ SMTP_URL: 'http://user:hunter2-secret@mail.example.org' })).toThrow(
      /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
    expect(attempt({ SMTP_URL: 'http://user:hunter2-secret@mail.example.org' })).not.toThrow(/hunter2/);
    expect(attempt({ SMTP_URL: 'smtp//user:hunter2-secret@mail' })).not.toThrow(/hunter2/);
    expect(attempt({ SMTP_URL: 'not a url at all' })).toThrow(/SMTP_URL/);
    for (const from of ['Sportello', 'Sportello <nobody>', 'a@b\r\nBcc: x@y', 'Name <a@b> extra']) {
      expect(attempt({ MAIL_FROM: from }), from).toThrow(/MAIL_FROM: must be an address or "Name <address>"/);
    }
  });
  it('takes mail in over SMTP only when a port is set; mail-in limits have defaults', () => {
    const env = readEnv({});
    expect(env.MAIL_INBOUND_SMTP_PORT).toBeUndefined();
    expect(env.MAIL_INBOUND_SMTP_HOST).toBe('127.0.0.1');
    expect(env.MAIL_MAX_MESSAGE_BYTES).toBe(25 * 1024 * 1024);
    expect(env.MAIL_MAX_ATTACHMENT_BYTES).toBe(10 * 1024 * 1024);
    expect(env.MAIL_AUTO_REPLY_HOURLY_CAP).toBe(10);
    expect(env.MAIL_IMAP_POLL_SECONDS).toBe(60);
    const configured = readEnv({
      MAIL_INBOUND_SMTP_PORT: '2525',
      MAIL_INBOUND_SMTP_HOST: '0.0.0.0',
      MAIL_INBOUND_SMTP_ALLOW: '10.1.2.3',
      MAIL_MAX_ATTACHMENT_BYTES: '1048576',
      MAIL_AUTO_REPLY_HOURLY_CAP: '3',
    });
    expect(configured).toMatchObject({
      MAIL_INBOUND_SMTP_PORT: 2525,
      MAIL_INBOUND_SMTP_HOST: '0.0.0.0',
      MAIL_MAX_ATTACHMENT_BYTES: 1_048_576,
      MAIL_AUTO_REPLY_HOURLY_CAP: 3,
    });
    expect(() => readEnv({ MAIL_INBOUND_SMTP_PORT: '70000' })).toThrow(/MAIL_INBOUND_SMTP_PORT/);
    expect(() => readEnv({ MAIL_MAX_ATTACHMENT_BYTES: 'ten megabytes' })).toThrow(
      /MAIL_MAX_ATTACHMENT_BYTES/,
    );
    expect(() => readEnv({ MAIL_AUTO_REPLY_HOURLY_CAP: '-1' })).toThrow(/MAIL_AUTO_REPLY_HOURLY_CAP/);
  });

  it('limits the SMTP listener: 20 connections, 50 recipients, any loopback client by default', () => {
    const env = readEnv({ MAIL_INBOUND_SMTP_PORT: '2525' });
    expect(env.MAIL_INBOUND_SMTP_MAX_CLIENTS).toBe(20);
    expect(env.MAIL_INBOUND_SMTP_MAX_RECIPIENTS).toBe(50);
    expect(env.MAIL_INBOUND_SMTP_ALLOW).toBeUndefined();
    const relays = readEnv({ MAIL_INBOUND_SMTP_ALLOW: '10.1.2.3, 192.168.10.0/24 2001:db8::/32' });
    expect(relays.MAIL_INBOUND_SMTP_ALLOW).toEqual([
      { address: '10.1.2.3', prefix: 32, family: 'ipv4' },
      { address: '192.168.10.0', prefix: 24, family: 'ipv4' },
      { address: '2001:db8::', prefix: 32, family: 'ipv6' },
    ]);
    expect(() => readEnv({ MAIL_INBOUND_SMTP_ALLOW: '10.1.2.3, relay.example, 10.0.0.0/33' })).toThrow(
      '- MAIL_INBOUND_SMTP_ALLOW: must be IP addresses or CIDR blocks separated by commas, e.g. 10.1.2.3, 192.168.10.0/24 (not "relay.example", "10.0.0.0/33")',
    );
    expect(() => readEnv({ MAIL_INBOUND_SMTP_MAX_CLIENTS: '0' })).toThrow(/MAIL_INBOUND_SMTP_MAX_CLIENTS/);
  });

  it('refuses to start a listener beyond loopback without the relays allowed to connect', () => {
    const open = { MAIL_INBOUND_SMTP_PORT: '25', MAIL_INBOUND_SMTP_HOST: '0.0.0.0' };
    expect(() => readEnv(open)).toThrow(
      'Invalid environment:\n- MAIL_INBOUND_SMTP_ALLOW: required when MAIL_INBOUND_SMTP_HOST is not a loopback address (it is 0.0.0.0)',
    );
    expect(readEnv({ ...open, MAIL_INBOUND_SMTP_ALLOW: '10.0.0.0/8' }).MAIL_INBOUND_SMTP_HOST).toBe(
      '0.0.0.0',
    );
    for (const host of ['127.0.0.1', '127.8.9.10', '::1', 'localhost']) {
      expect(readEnv({ ...open, MAIL_INBOUND_SMTP_HOST: host }).MAIL_INBOUND_SMTP_HOST).toBe(host);
    }
    // Without a port there is no listener, whatever the host.
    expect(readEnv({ MAIL_INBOUND_SMTP_HOST: '0.0.0.0' }).MAIL_INBOUND_SMTP_PORT).toBeUndefined();
  });

  it('requires TLS for SMTP_URL unless SMTP_ALLOW_PLAINTEXT says otherwise', () => {
    expect(readEnv({}).SMTP_ALLOW_PLAINTEXT).toBe(false);
    expect(readEnv({ SMTP_ALLOW_PLAINTEXT: 'true' }).SMTP_ALLOW_PLAINTEXT).toBe(true);
    expect(() => readEnv({ SMTP_ALLOW_PLAINTEXT: 'maybe' })).toThrow(
      '- SMTP_ALLOW_PLAINTEXT: must be true or false',
    );
  });
});
