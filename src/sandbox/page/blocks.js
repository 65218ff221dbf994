// @ts-check
/**
 * Block Kit as DOM: the blocks and elements the desk sends (header, section with fields and accessory,
 * context, divider, image, actions with buttons, overflow, selects and pickers, rich text, and a modal's
 * inputs). Texts become text nodes; images load only from this page's own origin.
 */
import { renderMrkdwn } from './mrkdwn.js';

/**
 * @typedef {{ [key: string]: unknown }} Json
 * @typedef {{ actionId: string; blockId: string; type: string; value?: string;
 *   selectedOption?: { value: string; text?: string }; selectedUser?: string; selectedDate?: string }} Action
 * @typedef {{ userName(id: string): string; channelName(id: string): string;
 *   users: { id: string; name: string }[]; channels: { id: string; name: string }[] }} Names
 * @typedef {{ names: Names; act(action: Action): void }} BlockContext
 */

/**
 * @param {string} tag
 * @param {Record<string, string>} [attributes]
 * @param {(Node | string)[]} children
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** @param {unknown} value @returns {Json} */
const obj = (value) => (value !== null && typeof value === 'object' ? /** @type {Json} */ (value) : {});
/** @param {unknown} value @returns {string} */
const str = (value) => (typeof value === 'string' ? value : '');
/** @param {unknown} value @returns {unknown[]} */
const list = (value) => (Array.isArray(value) ? value : []);

/** A text object: mrkdwn rendered, plain_text as is. @param {unknown} text @param {Names} names */
export function textObject(text, names) {
  const t = obj(text);
  if (t.type === 'mrkdwn') return renderMrkdwn(str(t.text), names);
  return document.createTextNode(str(t.text));
}

/**
 * @param {unknown[]} blocks
 * @param {BlockContext} context
 */
export function renderBlocks(blocks, context) {
  const out = el('div', { class: 'blocks' });
  for (const block of blocks) out.append(renderBlock(obj(block), context));
  return out;
}

/** @param {Json} block @param {BlockContext} context @returns {Node} */
function renderBlock(block, context) {
  const blockId = str(block.block_id);
  const attributes = { class: `block block-${str(block.type)}`, 'data-block-id': blockId };
  switch (block.type) {
    case 'header':
      return el('h3', attributes, textObject(block.text, context.names));
    case 'divider':
      return el('hr', attributes);
    case 'section': {
      const node = el('div', attributes);
      const body = el('div', { class: 'section-body' });
      if (block.text)
        body.append(el('div', { class: 'section-text' }, textObject(block.text, context.names)));
      const fields = list(block.fields);
      if (fields.length > 0) {
        body.append(
          el('div', { class: 'fields' }, ...fields.map((f) => el('div', {}, textObject(f, context.names)))),
        );
      }
      node.append(body);
      if (block.accessory) node.append(element(obj(block.accessory), blockId, context));
      return node;
    }
    case 'context':
      return el(
        'div',
        attributes,
        ...list(block.elements).map((item) => {
          const part = obj(item);
          return part.type === 'image' ? image(part) : el('span', {}, textObject(part, context.names));
        }),
      );
    case 'image':
      return el(
        'figure',
        attributes,
        image(block),
        ...(block.title ? [el('figcaption', {}, textObject(block.title, context.names))] : []),
      );
    case 'actions':
      return el(
        'div',
        attributes,
        ...list(block.elements).map((item) => element(obj(item), blockId, context)),
      );
    case 'rich_text':
      return el(
        'div',
        attributes,
        ...list(block.elements).map((item) => richBlock(obj(item), context.names)),
      );
    case 'input':
      return input(block, context);
    default:
      return el('div', { ...attributes, class: 'block block-unknown' }, `[${str(block.type)} block]`);
  }
}

/** Images only from this page's origin or inline: the page fetches nothing from elsewhere. @param {Json} part */
function image(part) {
  const url = str(part.image_url);
  const alt = str(part.alt_text);
  if (url.startsWith('data:image/') || url.startsWith('/'))
    return el('img', { src: url, alt, class: 'image' });
  return el('span', { class: 'image-placeholder', title: url }, `🖼 ${alt}`);
}

/** @param {Json} option */
function optionText(option) {
  return str(obj(option.text).text);
}

/** Every option of a select, groups flattened. @param {Json} element */
function optionsOf(element) {
  const groups = list(element.option_groups).flatMap((group) => list(obj(group).options));
  return [...list(element.options), ...groups].map(obj);
}

/**
 * An interactive element. In an input block it only keeps its value (collected on submit); elsewhere using it
 * sends a block action.
 * @param {Json} element
 * @param {string} blockId
 * @param {BlockContext} context
 * @param {boolean} [inInput]
 * @returns {HTMLElement}
 */
function element(element, blockId, context, inInput = false) {
  const type = str(element.type);
  const actionId = str(element.action_id);
  const data = { 'data-type': type, 'data-action-id': actionId, 'data-block-id': blockId };
  /** @param {Partial<Action>} what */
  const act = (what) => {
    if (!inInput || element.dispatch_action === true) context.act({ actionId, blockId, type, ...what });
  };
  /** A select outside a form is named by its placeholder; in a form, by its block's label. */
  /** @type {(select: Json, fallback: string) => Record<string, string>} */
  const named = (select, fallback) =>
    inInput ? {} : { 'aria-label': str(obj(select.placeholder).text) || fallback };
  switch (type) {
    case 'button': {
      const style = str(element.style);
      const button = el(
        'button',
        { type: 'button', class: `button ${style}`, ...data },
        textObject(element.text, context.names),
      );
      button.addEventListener('click', () => act({ value: str(element.value) }));
      return button;
    }
    case 'overflow':
    case 'static_select':
    case 'external_select': {
      const select = el('select', { ...data, ...named(element, 'More') });
      const placeholder = type === 'overflow' ? '⋯' : str(obj(element.placeholder).text) || 'Select…';
      select.append(el('option', { value: '' }, placeholder));
      const initial = str(obj(element.initial_option).value);
      for (const option of optionsOf(element)) {
        const node = el('option', { value: str(option.value) }, optionText(option));
        if (inInput && initial !== '' && str(option.value) === initial) node.setAttribute('selected', '');
        select.append(node);
      }
      select.addEventListener('change', () => {
        const chosen = optionsOf(element).find(
          (option) => str(option.value) === /** @type {HTMLSelectElement} */ (select).value,
        );
        if (!chosen) return;
        act({ selectedOption: { value: str(chosen.value), text: optionText(chosen) } });
        if (type === 'overflow') /** @type {HTMLSelectElement} */ (select).value = '';
      });
      return select;
    }
    case 'users_select':
    case 'conversations_select':
    case 'channels_select': {
      const people = type === 'users_select';
      const choices = people ? context.names.users : context.names.channels;
      const select = el('select', { ...data, ...named(element, 'Select') });
      select.append(el('option', { value: '' }, str(obj(element.placeholder).text) || 'Select…'));
      const initial = str(
        people ? element.initial_user : (element.initial_conversation ?? element.initial_channel),
      );
      for (const choice of choices) {
        const node = el('option', { value: choice.id }, people ? choice.name : `#${choice.name}`);
        if (choice.id === initial) node.setAttribute('selected', '');
        select.append(node);
      }
      select.addEventListener('change', () => {
        const value = /** @type {HTMLSelectElement} */ (select).value;
        if (value !== '') act(people ? { selectedUser: value } : { value });
      });
      return select;
    }
    case 'datepicker':
    case 'timepicker': {
      const picker = el('input', { ...data, type: type === 'datepicker' ? 'date' : 'time' });
      const initial = str(type === 'datepicker' ? element.initial_date : element.initial_time);
      if (initial) picker.setAttribute('value', initial);
      picker.addEventListener('change', () =>
        act({ selectedDate: /** @type {HTMLInputElement} */ (picker).value }),
      );
      return picker;
    }
    case 'plain_text_input': {
      const multiline = element.multiline === true;
      const field = el(multiline ? 'textarea' : 'input', {
        ...data,
        ...(multiline ? { rows: '4' } : { type: 'text' }),
      });
      const max = element.max_length;
      if (typeof max === 'number') field.setAttribute('maxlength', String(max));
      const placeholder = str(obj(element.placeholder).text);
      if (placeholder) field.setAttribute('placeholder', placeholder);
      /** @type {HTMLInputElement} */ (field).value = str(element.initial_value);
      return field;
    }
    case 'radio_buttons':
    case 'checkboxes': {
      const group = el('div', {
        ...data,
        class: `choices ${type}`,
        role: type === 'radio_buttons' ? 'radiogroup' : 'group',
      });
      const initial = new Set(
        (type === 'radio_buttons' ? [element.initial_option] : list(element.initial_options)).map((option) =>
          str(obj(option).value),
        ),
      );
      for (const option of optionsOf(element)) {
        const box = el('input', {
          type: type === 'radio_buttons' ? 'radio' : 'checkbox',
          name: `${blockId}/${actionId}`,
          value: str(option.value),
        });
        if (initial.has(str(option.value))) box.setAttribute('checked', '');
        const label = el('label', {}, box, textObject(option.text, context.names));
        if (option.description) label.append(el('small', {}, textObject(option.description, context.names)));
        group.append(label);
      }
      return group;
    }
    case 'image':
      return image(element);
    default:
      return el('span', { class: 'element-unknown' }, `[${type}]`);
  }
}

/** @param {Json} block @param {BlockContext} context */
function input(block, context) {
  const blockId = str(block.block_id);
  const node = el('div', {
    class: 'block block-input',
    'data-block-id': blockId,
    'data-optional': String(block.optional === true),
  });
  const field = element(obj(block.element), blockId, context, true);
  field.setAttribute('data-input', '');
  field.id = `input-${blockId}`;
  const label = el(
    'label',
    { class: 'input-label', id: `label-${blockId}`, for: field.id },
    textObject(block.label, context.names),
  );
  // A group of radio buttons or checkboxes is named by the label, not labelled by it.
  if (field.getAttribute('role')) field.setAttribute('aria-labelledby', `label-${blockId}`);
  if (block.optional === true) label.append(el('span', { class: 'optional' }, ' (optional)'));
  node.append(label, field);
  if (block.hint) node.append(el('div', { class: 'hint' }, textObject(block.hint, context.names)));
  return node;
}

/** A rich_text section, list, quote or preformatted block. @param {Json} part @param {Names} names @returns {Node} */
function richBlock(part, names) {
  const inline = () => list(part.elements).map((item) => richInline(obj(item), names));
  switch (part.type) {
    case 'rich_text_list': {
      const items = list(part.elements).map((item) => el('li', {}, richBlock(obj(item), names)));
      return el(part.style === 'ordered' ? 'ol' : 'ul', {}, ...items);
    }
    case 'rich_text_quote':
      return el('blockquote', {}, ...inline());
    case 'rich_text_preformatted':
      return el('pre', {}, ...inline());
    default:
      return el('div', { class: 'rich-section' }, ...inline());
  }
}

/** @param {Json} item @param {Names} names @returns {Node} */
function richInline(item, names) {
  const style = obj(item.style);
  /** @type {Node} */
  let node;
  switch (item.type) {
    case 'link': {
      node = el(
        'a',
        { href: str(item.url), target: '_blank', rel: 'noopener noreferrer' },
        str(item.text) || str(item.url),
      );
      break;
    }
    case 'user':
      node = el('span', { class: 'mention' }, `@${names.userName(str(item.user_id))}`);
      break;
    case 'channel':
      node = el('span', { class: 'mention' }, `#${names.channelName(str(item.channel_id))}`);
      break;
    case 'broadcast':
      node = el('span', { class: 'mention' }, `@${str(item.range)}`);
      break;
    case 'emoji':
      node = document.createTextNode(
        str(item.unicode)
          ? String.fromCodePoint(
              ...str(item.unicode)
                .split('-')
                .map((hex) => Number.parseInt(hex, 16)),
            )
          : `:${str(item.name)}:`,
      );
      break;
    default:
      node = document.createTextNode(str(item.text));
  }
  for (const [flag, tag] of /** @type {const} */ ([
    ['code', 'code'],
    ['bold', 'strong'],
    ['italic', 'em'],
    ['strike', 's'],
  ])) {
    if (style[flag] === true) node = el(tag, {}, node);
  }
  return node;
}
