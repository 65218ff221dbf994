// @ts-check
/**
 * Slack's mrkdwn as DOM nodes (never as HTML): *bold*, _italic_, ~strike~, `code`, ```preformatted```,
 * > quotes, <links|label>, <@user> and <#channel> mentions, <!here>. Every piece of text becomes a text node.
 */

/** @typedef {{ userName(id: string): string; channelName(id: string): string }} Names */

const ENTITIES = /** @type {Record<string, string>} */ ({ '&amp;': '&', '&lt;': '<', '&gt;': '>' });
const STYLES = /** @type {Record<string, string>} */ ({ '*': 'strong', _: 'em', '~': 's' });

/** Slack's three escapes, undone: the text arrives escaped, the DOM wants it as is. */
export function unescapeEntities(/** @type {string} */ text) {
  let out = '';
  let at = 0;
  while (at < text.length) {
    const amp = text.indexOf('&', at);
    if (amp === -1) break;
    out += text.slice(at, amp);
    const entity = Object.keys(ENTITIES).find((name) => text.startsWith(name, amp));
    out += entity ? ENTITIES[entity] : '&';
    at = amp + (entity ? entity.length : 1);
  }
  return out + text.slice(at);
}

/**
 * @param {string} text
 * @param {Names} names
 * @returns {DocumentFragment}
 */
export function renderMrkdwn(text, names) {
  const out = document.createDocumentFragment();
  const parts = text.split('```');
  parts.forEach((part, index) => {
    if (index % 2 === 1 && index < parts.length - 1) {
      const pre = document.createElement('pre');
      pre.textContent = unescapeEntities(part.replace(/^\n/, ''));
      out.append(pre);
      return;
    }
    const lines = (index % 2 === 1 ? `\`\`\`${part}` : part).split('\n');
    lines.forEach((line, lineIndex) => {
      const quoted = line.startsWith('&gt; ') || line.startsWith('> ') || line === '&gt;';
      if (quoted) {
        const quote = document.createElement('blockquote');
        quote.append(inline(line.replace(/^(&gt;|>) ?/, ''), names));
        out.append(quote);
        return;
      }
      out.append(inline(line, names));
      if (lineIndex < lines.length - 1) out.append(document.createElement('br'));
    });
  });
  return out;
}

/** Is `char` a place where a style may start or end (beginning, end, space, punctuation)? */
function isBoundary(/** @type {string | undefined} */ char) {
  return char === undefined || /[\s.,;:!?()'"[\]{}<>-]/.test(char);
}

/**
 * @param {string} text one line
 * @param {Names} names
 * @returns {DocumentFragment}
 */
function inline(text, names) {
  const out = document.createDocumentFragment();
  let plain = '';
  const flush = () => {
    if (plain !== '') out.append(unescapeEntities(plain));
    plain = '';
  };
  let at = 0;
  while (at < text.length) {
    const char = text.charAt(at);
    if (char === '<') {
      const end = text.indexOf('>', at + 1);
      if (end !== -1) {
        flush();
        out.append(special(text.slice(at + 1, end), names));
        at = end + 1;
        continue;
      }
    }
    if (char === '`') {
      const end = text.indexOf('`', at + 1);
      if (end > at + 1) {
        flush();
        const code = document.createElement('code');
        code.textContent = unescapeEntities(text.slice(at + 1, end));
        out.append(code);
        at = end + 1;
        continue;
      }
    }
    const tag = STYLES[char];
    if (tag && isBoundary(text[at - 1])) {
      const end = text.indexOf(char, at + 1);
      if (end > at + 1 && isBoundary(text[end + 1]) && text[at + 1] !== ' ') {
        flush();
        const styled = document.createElement(tag);
        styled.append(inline(text.slice(at + 1, end), names));
        out.append(styled);
        at = end + 1;
        continue;
      }
    }
    plain += char;
    at += 1;
  }
  flush();
  return out;
}

/**
 * `<…>`: a link, a mention or a special word.
 * @param {string} inner
 * @param {Names} names
 * @returns {Node}
 */
function special(inner, names) {
  const bar = inner.indexOf('|');
  const target = bar === -1 ? inner : inner.slice(0, bar);
  const label = bar === -1 ? undefined : unescapeEntities(inner.slice(bar + 1));
  const mention = (/** @type {string} */ shown) => {
    const span = document.createElement('span');
    span.className = 'mention';
    span.textContent = shown;
    return span;
  };
  if (target.startsWith('@')) return mention(`@${label ?? names.userName(target.slice(1))}`);
  if (target.startsWith('#')) return mention(`#${label ?? names.channelName(target.slice(1))}`);
  if (target.startsWith('!')) return mention(`@${label ?? target.slice(1).split('^')[0]}`);
  const href = unescapeEntities(target);
  if (/^(https?:|mailto:)/.test(href)) {
    const link = document.createElement('a');
    link.href = href;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    link.textContent = label ?? href;
    return link;
  }
  return document.createTextNode(`<${unescapeEntities(inner)}>`);
}
