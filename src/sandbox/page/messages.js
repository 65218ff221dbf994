// @ts-check
/** A conversation's messages as the page shows them: author, blocks or text, reactions, replies, a menu. */
import { el, renderBlocks } from './blocks.js';
import { renderMrkdwn } from './mrkdwn.js';
import { blockContext, currentChannel, names, page, post } from './page-state.js';

/**
 * @typedef {import('./page-state.js').Message} Message
 * @typedef {import('./page-state.js').Ephemeral} Ephemeral
 * @typedef {(ts: string) => void} OpenThread
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

/**
 * Messages and the person's ephemeral messages, in time order, as list items keyed by their ts.
 * @param {Message[]} messages @param {Ephemeral[]} ephemerals @param {boolean} inThread
 * @param {OpenThread} openThread
 * @returns {import('./keyed-list.js').KeyedItem[]}
 */
export function conversationItems(messages, ephemerals, inThread, openThread) {
  // What a message looks like depends on who looks (their reactions) and where (the conversation).
  const viewer = `${page.user}|${currentChannel()}`;
  return [
    ...messages.map((message) => ({
      ts: message.ts,
      key: `m${message.ts}`,
      content: `${viewer}|${JSON.stringify(message)}`,
      render: () => renderMessage(message, inThread, openThread),
    })),
    ...ephemerals.map((ephemeral) => ({
      ts: ephemeral.message_ts,
      key: `e${ephemeral.message_ts}`,
      content: `${viewer}|${JSON.stringify(ephemeral)}`,
      render: () => renderEphemeral(ephemeral),
    })),
  ].sort((a, b) => Number(a.ts) - Number(b.ts));
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

/** @param {Message} message @param {boolean} inThread @param {OpenThread} openThread */
function renderMessage(message, inThread, openThread) {
  const channel = currentChannel();
  const node = el('article', { class: 'message', 'data-ts': message.ts });
  node.append(byline(message.user, message.ts, message.bot_id !== undefined));
  node.append(body(message, blockContext({ channel, messageTs: message.ts })));
  for (const file of message.files ?? []) node.append(renderFile(file));
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
  node.append(messageMenu(message, channel, inThread ? undefined : openThread));
  return node;
}

/**
 * A file shared with a message: an image shown, anything else offered for download.
 * @param {{ id: string; name: string; title?: string; mimetype?: string }} file
 */
function renderFile(file) {
  const href = `/files/${encodeURIComponent(file.id)}`;
  if (file.mimetype === 'image/png') {
    return el(
      'figure',
      { class: 'file' },
      el('img', { src: href, alt: file.title ?? file.name, class: 'image' }),
      el('figcaption', {}, file.name),
    );
  }
  return el('a', { class: 'file', href, download: file.name }, `📎 ${file.name}`);
}

/**
 * The "⋯" menu of a message: reply in thread (not within one), the app's message shortcuts, quick reactions.
 * @param {Message} message @param {string} channel @param {OpenThread | undefined} openThread
 */
function messageMenu(message, channel, openThread) {
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
  if (openThread) entry('Reply in thread', () => openThread(message.ts));
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
