// @ts-check
/**
 * The sandbox page: be anyone of the workspace, see what Slack would show them (channels, the app's DM and
 * Home tab, threads, their ephemeral messages and modals) and do what they could do there. Every change
 * comes back through the server's event stream, and the page reads the state again.
 */
import { el, renderBlocks } from './blocks.js';
import { reconcile } from './keyed-list.js';
import { renderMailList } from './mail.js';
import { conversationItems } from './messages.js';
import { renderModals } from './modals.js';
import {
  blockContext,
  byId,
  currentChannel,
  dmChannel,
  get,
  names,
  PAGE_SIZE,
  page,
  post,
} from './page-state.js';

/**
 * @typedef {import('./page-state.js').Setup} Setup
 * @typedef {import('./page-state.js').State} State
 */

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

/**
 * Fills the mail form with an answer to `mail` from its recipient, the way an email-only customer replies.
 * @param {import('./mail.js').SentMail} mail
 */
function replyByMail(mail) {
  const form = /** @type {HTMLFormElement} */ (byId('mail-form'));
  const field = (/** @type {string} */ name) =>
    /** @type {HTMLInputElement} */ (form.elements.namedItem(name));
  field('fromName').value = mail.replyFrom?.name ?? '';
  field('from').value = mail.replyFrom?.address ?? '';
  field('to').value = mail.replyTo;
  field('subject').value = mail.subject.startsWith('Re: ') ? mail.subject : `Re: ${mail.subject}`;
  field('text').focus();
}

async function refreshMail() {
  const mails = await get('/api/mails');
  byId('mail-list').replaceChildren(renderMailList(mails, replyByMail));
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
            render: () =>
              el('div', { class: 'home-tab' }, renderBlocks(home.blocks, blockContext({ viewId: home.id }))),
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
  items.push(...conversationItems(state.messages, state.ephemerals, false, openThread));
  if (items.length === 0)
    items.push({ key: 'empty', content: '', render: () => el('p', { class: 'empty' }, 'No messages yet.') });
  reconcile(list, items);
  if (atBottom) list.scrollTop = list.scrollHeight;
}

/** @param {State} state */
function renderThread(state) {
  const pane = byId('thread');
  pane.hidden = state.thread === null;
  if (!state.thread) return;
  reconcile(
    byId('thread-messages'),
    conversationItems(state.thread.messages, state.thread.ephemerals, true, openThread),
  );
}

/** @param {string} ts */
function openThread(ts) {
  page.thread = ts;
  void refresh();
}

void start();
