// @ts-check
/** The mail panel's list: the mails the desk sent, threaded per ticket, each openable as its .eml file. */
import { el } from './blocks.js';

/** @typedef {{ file: string; ticketNumber: string | null; subject: string; to: string; date: string; text: string }} SentMail */

/**
 * @param {SentMail[]} mails oldest first
 * @returns {HTMLElement}
 */
export function renderMailList(mails) {
  if (mails.length === 0) return el('p', { class: 'empty' }, 'No mail sent yet.');
  /** @type {Map<string, SentMail[]>} */
  const threads = new Map();
  for (const mail of mails) {
    const key = mail.ticketNumber === null ? '' : `Ticket#${mail.ticketNumber}`;
    threads.set(key, [...(threads.get(key) ?? []), mail]);
  }
  const out = el('div', { class: 'mail-threads' });
  for (const [ticket, thread] of threads) {
    const items = thread.map((mail) =>
      el(
        'details',
        { class: 'mail' },
        el(
          'summary',
          { class: 'mail-summary' },
          el('strong', {}, mail.subject),
          el('span', { class: 'meta' }, ` to ${mail.to} · ${new Date(mail.date).toLocaleString()}`),
        ),
        el('pre', {}, mail.text),
        el('a', { href: `/mail/${encodeURIComponent(mail.file)}`, download: mail.file }, 'Open the .eml'),
      ),
    );
    out.append(
      el('section', { class: 'mail-thread' }, el('h4', {}, ticket || 'Not about a ticket'), ...items),
    );
  }
  return out;
}
