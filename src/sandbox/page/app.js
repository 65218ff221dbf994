// @ts-check
/**
 * The sandbox page: be anyone of the workspace, see what Slack would show them (channels, the app's DM and
 * Home tab, threads, their ephemeral messages and modals) and do what they could do there. Every change
 * comes back through the server's event stream, and the page reads the state again.
 */
import { el, renderBlocks } from './blocks.js';
import { collectValues } from './forms.js';
import { reconcile } from './keyed-list.js';
import { renderMailList } from './mail.js';
import { renderMrkdwn } from './mrkdwn.js';

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
 *   reactions?: { name: string; users: string[]; count: number }[]; files?: unknown[]; bot_id?: string }} Message
 * @typedef {{ message_ts: string; user: string; text?: string; blocks?: unknown[]; thread_ts?: string }} Ephemeral
 * @typedef {{ id: string; hash: string; title?: Json; submit?: Json; close?: Json; blocks: unknown[] }} View
 * @typedef {{ messages: Message[]; earlier: number; ephemerals: Ephemeral[];
 *   thread: { messages: Message[]; ephemerals: Ephemeral[] } | null; modals: View[]; home: View | null }} State
 */

const EMOJI = /** @type {Record<string, string>} */ ({
  white_check_mark: '✅',
  eyes: '👀',
  '+1': '👍',
  heavy_check_mark: '✔️',
  hourglass_flowing_sand: '⏳',
  raised_hands: '🙌',
  tada: '🎉',
  warning: '⚠️',
});
const QUICK_REACTIONS = ['white_check_mark', 'eyes', '+1'];
const PAGE_SIZE = 200;

const page = {
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
const byId = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** @type {Names} */
const names = {
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
async function post(path, body) {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return /** @type {Json} */ (await response.json());
}

/** @param {string} path */
async function get(path) {
  const response = await fetch(path);
  return response.json();
}

const dmChannel = () => `D${page.user}`;

async function start() {
  page.setup = /** @type {Setup} */ (await get('/api/setup'));
  const who = /** @type {HTMLSelectElement} */ (byId('who'));
  for (const person of page.setup.people)
    who.append(el('option', { value: person.id }, `${person.name} (${person.role})`));
  const remembered = sessionStorage.getItem('sandbox-user');
  page.user = page.setup.people.some((person) => person.id === remembered)
    ? (remembered ?? '')
    : (page.setup.people[0]?.id ?? '');
  who.value = page.user;
  who.addEventListener('change', () => {
    page.user = who.value;
    sessionStorage.setItem('sandbox-user', page.user);
    page.modalsKey = '';
    void openConversation(dmChannel());
  });
  const to = /** @type {HTMLSelectElement} */ (byId('mail-to'));
  for (const queue of page.setup.queueAddresses)
    to.append(el('option', { value: queue.email }, `${queue.name} <${queue.email}>`));
  wireForms();
  new EventSource('/api/events').addEventListener('message', () => scheduleRefresh());
  await openConversation(dmChannel());
}

function wireForms() {
  const send =
    (/** @type {HTMLTextAreaElement} */ field, /** @type {() => string | undefined} */ threadTs) =>
    async () => {
      const text = field.value.trim();
      if (text === '') return;
      field.value = '';
      const thread = threadTs();
      await post('/api/say', {
        user: page.user,
        channel: currentChannel(),
        text,
        ...(thread && { threadTs: thread }),
      });
    };
  const composer = /** @type {HTMLTextAreaElement} */ (byId('composer-text'));
  const threadText = /** @type {HTMLTextAreaElement} */ (byId('thread-text'));
  submitOnEnter(
    byId('composer'),
    composer,
    send(composer, () => undefined),
  );
  submitOnEnter(
    byId('thread-composer'),
    threadText,
    send(threadText, () => page.thread ?? undefined),
  );
  byId('thread-close').addEventListener('click', () => {
    page.thread = null;
    void refresh();
  });
  byId('start-over').addEventListener('click', async () => {
    if (!window.confirm('Start over? Every ticket, message and mail of the sandbox is deleted.')) return;
    page.thread = null;
    page.modalsKey = '';
    await post('/api/startOver', {});
  });
  const mailToggle = byId('mail-toggle');
  mailToggle.addEventListener('click', () => {
    const panel = byId('mail');
    panel.hidden = !panel.hidden;
    mailToggle.setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) void refreshMail();
  });
  const mailForm = /** @type {HTMLFormElement} */ (byId('mail-form'));
  mailForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(mailForm));
    const answer = await post('/api/mail', data);
    if (answer.error === undefined) {
      /** @type {HTMLInputElement} */ (mailForm.elements.namedItem('subject')).value = '';
      /** @type {HTMLTextAreaElement} */ (mailForm.elements.namedItem('text')).value = '';
    }
  });
  const shortcuts = byId('global-shortcuts');
  for (const shortcut of page.setup.features.shortcuts.filter((s) => s.type === 'global')) {
    const item = el('button', { type: 'button', role: 'menuitem' }, shortcut.name);
    item.addEventListener('click', () => {
      shortcuts.removeAttribute('open');
      void post('/api/shortcut', { user: page.user, callbackId: shortcut.callbackId });
    });
    shortcuts.querySelector('.menu')?.append(item);
  }
  for (const tab of byId('conversation-tabs').querySelectorAll('button')) {
    tab.addEventListener(
      'click',
      () => void openConversation(tab.dataset.tab === 'home' ? 'home' : dmChannel()),
    );
  }
}

/**
 * Enter sends, Shift+Enter starts a new line.
 * @param {HTMLElement} form @param {HTMLTextAreaElement} field @param {() => Promise<void>} send
 */
function submitOnEnter(form, field, send) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send();
  });
  field.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void send();
    }
  });
}

/** The conversation messages go to (the app's DM when its Home tab is shown). */
const currentChannel = () => (page.channel === 'home' ? dmChannel() : page.channel);

/** @param {string} channel */
async function openConversation(channel) {
  page.channel = channel;
  page.thread = null;
  page.limit = PAGE_SIZE;
  renderSidebar();
  if (channel === 'home') await post('/api/home', { user: page.user });
  await refresh();
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let pending;
function scheduleRefresh() {
  clearTimeout(pending);
  pending = setTimeout(() => {
    void refresh();
    if (!byId('mail').hidden) void refreshMail();
  }, 40);
}

async function refresh() {
  const query = new URLSearchParams({ user: page.user, channel: page.channel, limit: String(page.limit) });
  if (page.thread) query.set('thread', page.thread);
  const state = /** @type {State} */ (await get(`/api/state?${query}`));
  const person = page.setup.people.find((p) => p.id === page.user);
  byId('role').textContent = person ? person.role : '';
  renderConversation(state);
  renderThread(state);
  renderModals(state.modals);
  document.body.dataset.ready = 'true';
}

async function refreshMail() {
  const mails = await get('/api/mails');
  byId('mail-list').replaceChildren(renderMailList(mails));
}

function renderSidebar() {
  const item = (/** @type {string} */ id, /** @type {string} */ label) => {
    const button = el('button', { type: 'button', class: 'nav-item', 'data-channel': id }, label);
    const selected = id === page.channel || (id === dmChannel() && page.channel === 'home');
    if (selected) button.setAttribute('aria-current', 'true');
    button.addEventListener('click', () => void openConversation(id));
    return el('li', {}, button);
  };
  byId('channels').replaceChildren(
    ...page.setup.channels.map((channel) => item(channel.id, `# ${channel.name}`)),
  );
  byId('apps').replaceChildren(item(dmChannel(), 'Sportello'));
}

/** @param {State} state */
function renderConversation(state) {
  const app = page.channel === 'home' || page.channel === dmChannel();
  byId('conversation-title').textContent = app ? 'Sportello' : `# ${names.channelName(page.channel)}`;
  const tabs = byId('conversation-tabs');
  tabs.hidden = !app;
  for (const tab of tabs.querySelectorAll('button')) {
    tab.setAttribute('aria-selected', String((tab.dataset.tab === 'home') === (page.channel === 'home')));
  }
  byId('composer').hidden = page.channel === 'home';
  const list = byId('messages');
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  /** @type {import('./keyed-list.js').KeyedItem[]} */
  const items = [];
  if (page.channel === 'home') {
    const home = state.home;
    items.push(
      home
        ? {
            key: 'home',
            content: JSON.stringify(home),
            render: () => renderBlocks(home.blocks, blockContext({ viewId: home.id })),
          }
        : {
            key: 'no-home',
            content: '',
            render: () => el('p', { class: 'empty' }, 'The app has not published a Home tab for you yet.'),
          },
    );
    reconcile(list, items);
    return;
  }
  if (state.earlier > 0) {
    items.push({
      key: 'earlier',
      content: String(state.earlier),
      render: () => {
        const more = el(
          'button',
          { type: 'button', class: 'earlier' },
          `Show earlier messages (${state.earlier})`,
        );
        more.addEventListener('click', () => {
          page.limit += PAGE_SIZE;
          void refresh();
        });
        return more;
      },
    });
  }
  items.push(...conversationItems(state.messages, state.ephemerals, false));
  if (items.length === 0)
    items.push({ key: 'empty', content: '', render: () => el('p', { class: 'empty' }, 'No messages yet.') });
  reconcile(list, items);
  if (atBottom) list.scrollTop = list.scrollHeight;
}

/**
 * Messages and the person's ephemeral messages, in time order, as list items keyed by their ts.
 * @param {Message[]} messages @param {Ephemeral[]} ephemerals @param {boolean} inThread
 * @returns {import('./keyed-list.js').KeyedItem[]}
 */
function conversationItems(messages, ephemerals, inThread) {
  // What a message looks like depends on who looks (their reactions) and where (the conversation).
  const viewer = `${page.user}|${currentChannel()}`;
  return [
    ...messages.map((message) => ({
      ts: message.ts,
      key: `m${message.ts}`,
      content: `${viewer}|${JSON.stringify(message)}`,
      render: () => renderMessage(message, inThread),
    })),
    ...ephemerals.map((ephemeral) => ({
      ts: ephemeral.message_ts,
      key: `e${ephemeral.message_ts}`,
      content: `${viewer}|${JSON.stringify(ephemeral)}`,
      render: () => renderEphemeral(ephemeral),
    })),
  ].sort((a, b) => Number(a.ts) - Number(b.ts));
}

/** @param {State} state */
function renderThread(state) {
  const pane = byId('thread');
  pane.hidden = state.thread === null;
  if (!state.thread) return;
  reconcile(byId('thread-messages'), conversationItems(state.thread.messages, state.thread.ephemerals, true));
}

/**
 * What a block needs to know: names, and where its actions happen.
 * @param {{ channel?: string; messageTs?: string; ephemeral?: boolean; viewId?: string; form?: () => ParentNode }} place
 * @returns {import('./blocks.js').BlockContext}
 */
function blockContext(place) {
  const { form, ...where } = place;
  return {
    names,
    act: (action) => {
      const values = form ? { values: collectValues(form()) } : {};
      void post('/api/act', { user: page.user, action, ...where, ...values });
    },
  };
}

/** @param {string} ts */
const timeOf = (ts) =>
  new Date(Number(ts) * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** @param {string} user @param {string} ts @param {boolean} bot */
function byline(user, ts, bot) {
  return el(
    'div',
    { class: 'byline' },
    el('strong', { class: 'author' }, names.userName(user)),
    ...(bot ? [el('span', { class: 'tag' }, 'APP')] : []),
    el('time', { datetime: new Date(Number(ts) * 1000).toISOString() }, timeOf(ts)),
  );
}

/** @param {{ text?: string; blocks?: unknown[] }} message @param {import('./blocks.js').BlockContext} context */
function body(message, context) {
  if (message.blocks && message.blocks.length > 0) return renderBlocks(message.blocks, context);
  return el('div', { class: 'text' }, renderMrkdwn(message.text ?? '', names));
}

/** @param {Message} message @param {boolean} inThread */
function renderMessage(message, inThread) {
  const channel = currentChannel();
  const node = el('article', { class: 'message', 'data-ts': message.ts });
  node.append(byline(message.user, message.ts, message.bot_id !== undefined));
  node.append(body(message, blockContext({ channel, messageTs: message.ts })));
  for (const file of message.files ?? []) {
    const name = typeof file === 'object' && file !== null && 'name' in file ? String(file.name) : 'file';
    node.append(el('div', { class: 'file' }, `📎 ${name}`));
  }
  const reactions = el('div', { class: 'reactions' });
  for (const reaction of message.reactions ?? []) {
    const mine = reaction.users.includes(page.user);
    const button = el(
      'button',
      { type: 'button', class: `reaction${mine ? ' mine' : ''}`, title: `:${reaction.name}:` },
      `${EMOJI[reaction.name] ?? `:${reaction.name}:`} ${reaction.count}`,
    );
    button.addEventListener(
      'click',
      () => void post('/api/react', { user: page.user, channel, ts: message.ts, name: reaction.name }),
    );
    reactions.append(button);
  }
  node.append(reactions);
  if (!inThread && message.reply_count) {
    const replies = el(
      'button',
      { type: 'button', class: 'replies' },
      `${message.reply_count} ${message.reply_count === 1 ? 'reply' : 'replies'}`,
    );
    replies.addEventListener('click', () => openThread(message.ts));
    node.append(replies);
  }
  node.append(messageMenu(message, channel, inThread));
  return node;
}

/** The "⋯" menu of a message: reply in thread, the app's message shortcuts, quick reactions. */
function messageMenu(
  /** @type {Message} */ message,
  /** @type {string} */ channel,
  /** @type {boolean} */ inThread,
) {
  const menu = el('details', { class: 'message-menu' }, el('summary', { 'aria-label': 'More actions' }, '⋯'));
  const entries = el('div', { class: 'menu', role: 'menu' });
  /** @param {string} label @param {() => void} run */
  const entry = (label, run) => {
    const button = el('button', { type: 'button', role: 'menuitem' }, label);
    button.addEventListener('click', () => {
      menu.removeAttribute('open');
      run();
    });
    entries.append(button);
  };
  if (!inThread) entry('Reply in thread', () => openThread(message.ts));
  for (const shortcut of page.setup.features.shortcuts.filter((s) => s.type === 'message')) {
    entry(
      shortcut.name,
      () =>
        void post('/api/shortcut', {
          user: page.user,
          channel,
          messageTs: message.ts,
          callbackId: shortcut.callbackId,
        }),
    );
  }
  for (const name of QUICK_REACTIONS) {
    entry(
      `React ${EMOJI[name]}`,
      () => void post('/api/react', { user: page.user, channel, ts: message.ts, name }),
    );
  }
  menu.append(entries);
  return menu;
}

/** @param {string} ts */
function openThread(ts) {
  page.thread = ts;
  void refresh();
}

/** @param {Ephemeral} ephemeral */
function renderEphemeral(ephemeral) {
  const node = el('article', { class: 'message ephemeral', 'data-ts': ephemeral.message_ts });
  node.append(byline(page.setup.botUserId, ephemeral.message_ts, true));
  node.append(el('div', { class: 'only-you' }, 'Only visible to you'));
  node.append(
    body(
      ephemeral,
      blockContext({ channel: currentChannel(), messageTs: ephemeral.message_ts, ephemeral: true }),
    ),
  );
  return node;
}

/** @param {View[]} modals */
function renderModals(modals) {
  const key = modals.map((view) => `${view.id}:${view.hash}`).join(',');
  if (key === page.modalsKey) return;
  page.modalsKey = key;
  const layer = byId('modal-layer');
  const top = modals.at(-1);
  if (!top) {
    layer.replaceChildren();
    return;
  }
  /** @type {HTMLFormElement} */
  const form = /** @type {HTMLFormElement} */ (el('form', { class: 'modal-body' }));
  const titleText = (/** @type {Json | undefined} */ text) =>
    text && typeof text.text === 'string' ? text.text : '';
  form.append(renderBlocks(top.blocks, blockContext({ viewId: top.id, form: () => form })));
  const close = el('button', { type: 'button' }, titleText(top.close) || 'Cancel');
  close.addEventListener('click', () => void post('/api/closeView', { user: page.user, viewId: top.id }));
  const footer = el('footer', {}, close);
  if (top.submit) footer.append(el('button', { type: 'submit', class: 'primary' }, titleText(top.submit)));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // Slack itself refuses a form with a required input left empty; the app never hears of it.
    const empty = missingRequired(form);
    if (Object.keys(empty).length > 0) {
      showErrors(form, empty);
      return;
    }
    const answer = await post('/api/submit', {
      user: page.user,
      viewId: top.id,
      values: collectValues(form),
    });
    if (answer.closed === false) showErrors(form, /** @type {Record<string, string>} */ (answer.errors));
  });
  const dialog = el(
    'div',
    { class: 'modal', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'modal-title' },
    el(
      'header',
      {},
      el('h2', { id: 'modal-title' }, titleText(top.title)),
      ...(modals.length > 1 ? [el('span', { class: 'depth' }, `${modals.length} open`)] : []),
    ),
    form,
  );
  form.append(footer);
  layer.replaceChildren(el('div', { class: 'backdrop' }, dialog));
  const first = form.querySelector('[data-input]');
  if (first instanceof HTMLElement) first.focus();
}

/** The required inputs left empty, each with Slack's own message. @param {HTMLFormElement} form */
function missingRequired(form) {
  const values = collectValues(form);
  /** @type {Record<string, string>} */
  const errors = {};
  for (const block of form.querySelectorAll('.block-input')) {
    if (!(block instanceof HTMLElement) || block.dataset.optional === 'true') continue;
    const blockId = block.dataset.blockId ?? '';
    const state = Object.values(values[blockId] ?? {})[0] ?? {};
    const filled = Object.entries(state).some(
      ([key, value]) => key !== 'type' && value !== null && !(Array.isArray(value) && value.length === 0),
    );
    if (!filled) errors[blockId] = 'Please complete this required field.';
  }
  return errors;
}

/** Inline errors under their inputs, keeping what was typed. @param {HTMLElement} form @param {Record<string, string>} errors */
function showErrors(form, errors) {
  for (const old of form.querySelectorAll('.block-input .error')) old.remove();
  for (const block of form.querySelectorAll('.block-input')) block.classList.remove('has-error');
  for (const [blockId, message] of Object.entries(errors)) {
    const block = [...form.querySelectorAll('.block-input')].find(
      (node) => node instanceof HTMLElement && node.dataset.blockId === blockId,
    );
    if (!block) continue;
    block.classList.add('has-error');
    block.append(el('div', { class: 'error', role: 'alert' }, message));
  }
}

void start();
