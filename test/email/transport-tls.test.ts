/**
 * The SMTP login never crosses the network in the clear (review finding L5): STARTTLS is required for a
 * server beyond loopback, so one that does not offer it (or whose offer a man in the middle stripped) gets
 * no password and no mail.
 */
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailTransport, smtpDeliveryError, smtpTlsPolicy } from '../../src/delivery/email/transport.js';
import { SINK_PASSWORD, SINK_USER, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';

const logger = { info: () => {}, warn: () => {}, error: () => {} };

const mail = {
  from: 'helpdesk@ateneo.example',
  to: 'mario.bianchi@example.org',
  subject: 'Wi-Fi',
  text: 'Hello',
};

describe('STARTTLS for the SMTP login', () => {
  it('is required for smtp:// beyond loopback unless plaintext is allowed; smtps:// is TLS already', () => {
    const required = (host: string, secure = false, allowPlaintext = false) =>
      smtpTlsPolicy({ host, secure }, allowPlaintext).requireTLS;
    expect(required('mail.ateneo.example')).toBe(true);
    expect(required('10.0.0.25')).toBe(true);
    expect(required('2001:db8::25')).toBe(true);
    expect(required('mail.ateneo.example', false, true)).toBe(false);
    expect(required('mail.ateneo.example', true)).toBe(false);
    for (const host of ['127.0.0.1', '127.0.0.53', '::1', 'localhost'])
      expect(required(host), host).toBe(false);
  });

  describe('against a real SMTP server without STARTTLS', () => {
    let sink: SmtpSink;
    beforeAll(async () => {
      sink = await startSmtpSink();
    });
    afterAll(() => sink.stop());

    it('a transport with the options for a remote server sends nothing and is retried later', async () => {
      const remote = nodemailer.createTransport({
        host: '127.0.0.1',
        port: sink.port,
        secure: false,
        auth: { user: SINK_USER, pass: SINK_PASSWORD },
        logger: false,
        ...smtpTlsPolicy({ host: 'mail.ateneo.example', secure: false }, false),
      });
      const failure = await remote.sendMail(mail).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toMatchObject({ code: 'ETLS' });
      expect(smtpDeliveryError(failure).options.permanent).toBe(false);
      expect(sink.messages).toHaveLength(0);
      remote.close();
    });

    it('the desk still logs in and sends in plaintext to a server on loopback', async () => {
      for (const host of ['127.0.0.1', 'localhost']) {
        const transport = createMailTransport({
          smtpUrl: `smtp://${SINK_USER}:${SINK_PASSWORD}@${host}:${sink.port}`,
          mailDir: '/nonexistent',
          logger,
        });
        await transport.send({
          from: { address: mail.from },
          to: mail.to,
          subject: `${mail.subject} via ${host}`,
          text: mail.text,
          html: `<p>${mail.text}</p>`,
          messageId: `<tls-${host}@ateneo.example>`,
        });
        transport.close();
      }
      const received = await sink.waitFor(2);
      expect(received.map((m) => [m.subject, m.user])).toEqual([
        ['Wi-Fi via 127.0.0.1', SINK_USER],
        ['Wi-Fi via localhost', SINK_USER],
      ]);
    });
  });
});
