import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';

/** One mail the desk sent, as the mail panel lists it. */
export interface SentMail {
  /** The .eml file's name in the mail folder. */
  file: string;
  /** `[Ticket#…]` of the subject, when there is one: the panel threads mails by it. */
  ticketNumber: string | null;
  subject: string;
  /** The recipients as written, e.g. `Anna Ferri <anna.ferri@example.org>`. */
  to: string;
  /** Who an answer goes from and to: the first recipient, and the desk's address the mail came from. */
  replyFrom: { name: string; address: string } | null;
  replyTo: string;
  date: string;
  text: string;
}

const TICKET_IN_SUBJECT = /\[Ticket#(\d+)\]/;
/** The names the desk's file transport gives its .eml files (and nothing else of the folder). */
const EML_FILE = /^[\w.@+-]+\.eml$/;

/**
 * The sandbox's mail: what the desk wrote as .eml files (it never sends mail from the sandbox), and mail
 * written to a queue's address, handed to the desk's own SMTP listener on 127.0.0.1.
 */
export class SandboxMailbox {
  private readonly parsed = new Map<string, SentMail>();

  constructor(
    private readonly mailDir: string,
    private readonly listenerPort: () => number,
  ) {}

  /** The mails sent, oldest first. */
  async sent(): Promise<SentMail[]> {
    const files = (await readdir(this.mailDir).catch(() => [])).filter((file) => EML_FILE.test(file)).sort();
    const mails: SentMail[] = [];
    for (const file of files) {
      let mail = this.parsed.get(file);
      if (!mail) {
        mail = await this.read(file);
        this.parsed.set(file, mail);
      }
      mails.push(mail);
    }
    return mails;
  }

  /** The .eml file as written, when `file` is one of the mails sent. */
  async raw(file: string): Promise<Buffer | undefined> {
    if (!EML_FILE.test(file)) return undefined;
    return readFile(join(this.mailDir, file)).catch(() => undefined);
  }

  async receive(mail: { from: string; fromName: string; to: string; subject: string; text: string }) {
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: this.listenerPort(),
      secure: false,
      ignoreTLS: true,
    });
    try {
      await transport.sendMail({
        from: { name: mail.fromName, address: mail.from },
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
      });
    } finally {
      transport.close();
    }
  }

  forget(): void {
    this.parsed.clear();
  }

  private async read(file: string): Promise<SentMail> {
    const mail = await simpleParser(await readFile(join(this.mailDir, file)));
    const subject = mail.subject ?? '';
    const to = Array.isArray(mail.to)
      ? mail.to.map((address) => address.text).join(', ')
      : (mail.to?.text ?? '');
    const recipient = (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0];
    return {
      file,
      ticketNumber: TICKET_IN_SUBJECT.exec(subject)?.[1] ?? null,
      subject,
      to,
      replyFrom: recipient?.address ? { name: recipient.name, address: recipient.address } : null,
      replyTo: mail.from?.value[0]?.address ?? '',
      date: (mail.date ?? new Date(0)).toISOString(),
      text: mail.text ?? '',
    };
  }
}
