// @ts-check
/** The mail panel's list: the mails the desk sent, threaded per ticket, each openable as its .eml file. */
import { el } from './blocks.js';

/** The mails shown open: a refresh of the list keeps them open. */
/** @type {Set<string>} */
const opened = new Set();

/**
 * @typedef {{ file: string; ticketNumber: string | null; subject: string; to: string; date: string; text: string;
 *   replyFrom: { name: string; address: string } | null; replyTo: string }} SentMail
 */

/**
 * @param {SentMail[]} mails oldest first
 * @param {(mail: SentMail) => void} reply starts an answer to a mail, as its recipient
 * @returns {HTMLElement}
 */
export function renderMailList(mails, reply) {
  if (mails.length === 0) return el('p', { class: 'empty' }, 'No mail sent yet.');
  /** @type {Map<string, SentMail[]>} */
  const threads = new Map();
  for (const mail of mails) {
    const key = mail.ticketNumber === null ? '' : `Ticket#${mail.ticketNumber}`;
    threads.set(key, [...(threads.get(key) ?? []), mail]);
  }
  const out = el('div', { class: 'mail-threads' });
  for (const [ticket, thread] of threads) {
    const items = thread.map((mail) => {
      const details = el(
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
      );
      if (mail.replyFrom) {
        const answer = el('button', { type: 'button' }, `Reply as ${mail.replyFrom.address}`);
        answer.addEventListener('click', () => reply(mail));
        details.append(answer);
      }
      if (opened.has(mail.file)) details.setAttribute('open', '');
      details.addEventListener('toggle', () => {
        if (/** @type {HTMLDetailsElement} */ (details).open) opened.add(mail.file);
        else opened.delete(mail.file);
      });
      return details;
    });
    out.append(
      el('section', { class: 'mail-thread' }, el('h4', {}, ticket || 'Not about a ticket'), ...items),
    );
  }
  return out;
}
