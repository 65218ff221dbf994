import type { MailboxConfig } from '../config/queues-file.js';
import type { MailboxAccount } from './imap-reader.js';

/** A mailbox's password is missing: the message names the mailbox and the variable. */
export class MailboxPasswordError extends Error {
  override name = 'MailboxPasswordError';
}

/**
 * The configured mailboxes with their passwords: written in the file, or read from the environment
 * variable named by `password_env` (main.ts passes the environment). Throws naming every one missing.
 */
export function mailboxAccounts(mailboxes: MailboxConfig[], env: NodeJS.ProcessEnv): MailboxAccount[] {
  const missing: string[] = [];
  const accounts = mailboxes.map((mailbox, i): MailboxAccount => {
    const password = mailbox.password ?? (mailbox.passwordEnv ? env[mailbox.passwordEnv] : undefined);
    if (!password) {
      missing.push(
        `mailboxes[${i}] (${mailbox.user}@${mailbox.host}): set ${mailbox.passwordEnv ?? 'its password'}`,
      );
    }
    const account: MailboxAccount = {
      host: mailbox.host,
      port: mailbox.port,
      secure: mailbox.secure,
      user: mailbox.user,
      password: password ?? '',
      mailbox: mailbox.mailbox,
      queue: mailbox.queue,
    };
    if (mailbox.processedFolder) account.processedFolder = mailbox.processedFolder;
    if (mailbox.allowPlaintext) account.allowPlaintext = true;
    return account;
  });
  if (missing.length > 0) {
    throw new MailboxPasswordError(
      `IMAP mailbox passwords missing:\n${missing.map((m) => `- ${m}`).join('\n')}`,
    );
  }
  return accounts;
}
