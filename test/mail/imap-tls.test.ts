/**
 * The IMAP login never crosses the network in the clear (review finding L5): plain IMAP to a server beyond
 * loopback must upgrade with STARTTLS, so a server that does not offer it (or whose offer a man in the
 * middle stripped) never sees the password.
 */
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imapTlsPolicy } from '../../src/mail/imap-reader.js';
import { type Dovecot, startDovecot } from '../support/dovecot.js';

describe('STARTTLS for the IMAP login', () => {
  it('is required for plain IMAP beyond loopback unless the mailbox allows plaintext; IMAPS is TLS already', () => {
    const policy = (host: string, secure = false, allowPlaintext = false) =>
      imapTlsPolicy({ host, secure, allowPlaintext });
    expect(policy('imap.ateneo.example')).toEqual({ doSTARTTLS: true });
    expect(policy('10.0.0.143')).toEqual({ doSTARTTLS: true });
    expect(policy('imap.ateneo.example', false, true)).toEqual({});
    // imapflow refuses doSTARTTLS together with secure: IMAPS gets nothing.
    expect(policy('imap.ateneo.example', true)).toEqual({});
    for (const host of ['127.0.0.1', '::1', 'localhost']) expect(policy(host), host).toEqual({});
  });

  describe('against a real Dovecot without STARTTLS', () => {
    let dovecot: Dovecot;
    beforeAll(async () => {
      dovecot = await startDovecot();
    }, 30_000);
    afterAll(async () => {
      await dovecot?.dispose();
    });

    const client = (policyHost: string) =>
      new ImapFlow({
        host: dovecot.host,
        port: dovecot.port,
        secure: false,
        auth: { user: dovecot.user, pass: dovecot.password },
        logger: false,
        ...imapTlsPolicy({ host: policyHost, secure: false }),
      });

    it('a client with the options for a remote server does not log in', async () => {
      const remote = client('imap.ateneo.example');
      await expect(remote.connect()).rejects.toThrow(/STARTTLS/);
      expect(remote.authenticated).toBeFalsy();
      remote.close();
    });

    it('a client of a server on loopback still logs in over plain IMAP', async () => {
      const local = client('127.0.0.1');
      await local.connect();
      expect(local.authenticated).toBeTruthy();
      await local.logout();
    });
  });
});
