// @ts-check
/** What every part of the sandbox page shares: who is looking at what, names, and the way to the server. */
import { collectValues } from './forms.js';

/**
 * @typedef {import('./blocks.js').Json} Json
 * @typedef {import('./blocks.js').Action} Action
 * @typedef {import('./blocks.js').Names} Names
 * @typedef {{ id: string; name: string; role: string }} Person
 * @typedef {{ commands: { command: string; usageHint: string }[];
 *   shortcuts: { name: string; type: string; callbackId: string }[] }} Features
 * @typedef {{ people: Person[]; users: { id: string; name: string; isBot: boolean }[];
 *   channels: { id: string; name: string }[]; botUserId: string; features: Features;
 *   queueAddresses: { name: string; email: string }[] }} Setup
 * @typedef {{ ts: string; user: string; text?: string; blocks?: unknown[]; thread_ts?: string; reply_count?: number;
 *   reactions?: { name: string; users: string[]; count: number }[]; files?: { id: string; name: string; title?: string; mimetype?: string }[]; bot_id?: string }} Message
 * @typedef {{ message_ts: string; user: string; text?: string; blocks?: unknown[]; thread_ts?: string }} Ephemeral
 * @typedef {{ id: string; hash: string; title?: Json; submit?: Json; close?: Json; blocks: unknown[] }} View
 * @typedef {{ messages: Message[]; earlier: number; ephemerals: Ephemeral[];
 *   thread: { messages: Message[]; ephemerals: Ephemeral[] } | null; modals: View[]; home: View | null }} State
 */

export const PAGE_SIZE = 200;

export const page = {
  /** @type {Setup} */ setup: /** @type {Setup} */ ({}),
  user: '',
  /** A channel id, the app's DM ('D…'), or 'home' for the app's Home tab. */
  channel: '',
  /** @type {string | null} */ thread: null,
  limit: PAGE_SIZE,
  /** The modal stack shown, so that a refresh does not wipe what is being typed. */
  modalsKey: '',
};

/** @param {string} id */
export const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @type {Names} */
export const names = {
  userName: (id) => page.setup.users.find((user) => user.id === id)?.name ?? id,
  channelName: (id) => page.setup.channels.find((channel) => channel.id === id)?.name ?? id,
  get users() {
    return page.setup.users.filter((user) => !user.isBot);
  },
  get channels() {
    return page.setup.channels;
  },
};

/** @param {string} path @param {unknown} body */
export async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const answer = /** @type {Json} */ (await response.json());
  if (!response.ok)
    say(typeof answer.error === 'string' ? answer.error : `The sandbox answered ${response.status}.`);
  return answer;
}

/** A short notice in the top bar, e.g. when the sandbox could not do what was asked. @param {string} text */
function say(text) {
  const status = byId('status');
  status.textContent = text;
  setTimeout(() => {
    if (status.textContent === text) status.textContent = '';
  }, 6000);
}

/** @param {string} path */
export async function get(path) {
  const response = await fetch(path);
  return response.json();
}

export const dmChannel = () => `D${page.user}`;

/** The conversation messages go to (the app's DM when its Home tab is shown). */
export const currentChannel = () => (page.channel === 'home' ? dmChannel() : page.channel);

/**
 * What a block needs to know: names, and where its actions happen.
 * @param {{ channel?: string; messageTs?: string; ephemeral?: boolean; viewId?: string; form?: () => ParentNode }} place
 * @returns {import('./blocks.js').BlockContext}
 */
export function blockContext(place) {
  const { form, ...where } = place;
  return {
    names,
    act: (action) => {
      const values = form ? { values: collectValues(form()) } : {};
      void post('/api/act', { user: page.user, action, place: { ...where, ...values } });
    },
  };
}
