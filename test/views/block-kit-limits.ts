import { expect } from 'vitest';

/**
 * A checker of Slack's Block Kit limits (the project's block-kit-limits notes): walks a message, modal or
 * Home tab payload and lists every limit it breaks. `assertWithinLimits` fails the test with that list.
 */
export type Surface = 'message' | 'modal' | 'home';

type Json = Record<string, unknown>;

const KNOWN_BLOCKS = new Set(['section', 'header', 'context', 'actions', 'input', 'divider', 'image']);
const SELECTS_WITH_PLACEHOLDER = new Set([
  'users_select',
  'multi_users_select',
  'conversations_select',
  'multi_conversations_select',
  'channels_select',
  'multi_channels_select',
  'external_select',
  'multi_external_select',
  'datepicker',
  'timepicker',
  'email_text_input',
  'url_text_input',
  'number_input',
]);

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class Checker {
  readonly violations: string[] = [];
  private readonly blockIds = new Set<string>();

  fail(path: string, message: string): void {
    this.violations.push(`${path}: ${message}`);
  }

  string(path: string, value: unknown, max: number, options: { min?: number } = {}): value is string {
    if (typeof value !== 'string') {
      this.fail(path, `expected a string, got ${JSON.stringify(value)}`);
      return false;
    }
    if (value.length > max) this.fail(path, `${value.length} characters, limit ${max}`);
    if (value.length < (options.min ?? 0))
      this.fail(path, `${value.length} characters, minimum ${options.min}`);
    return true;
  }

  optionalString(path: string, value: unknown, max: number): void {
    if (value !== undefined) this.string(path, value, max);
  }

  /** A text object: plain_text or mrkdwn, 1..max characters, not blank, with only its own flags. */
  text(path: string, value: unknown, max: number, only?: 'plain_text'): void {
    if (!isRecord(value)) {
      this.fail(path, 'expected a text object');
      return;
    }
    if (value.type !== 'plain_text' && value.type !== 'mrkdwn') {
      this.fail(path, `text object of type ${String(value.type)}`);
      return;
    }
    if (only && value.type !== only) this.fail(path, `must be ${only}, is ${value.type}`);
    if (this.string(`${path}.text`, value.text, max, { min: 1 }) && value.text.trim() === '') {
      this.fail(`${path}.text`, 'blank text');
    }
    if (value.type === 'mrkdwn' && 'emoji' in value) this.fail(path, 'emoji is only for plain_text');
    if (value.type === 'plain_text' && 'verbatim' in value) this.fail(path, 'verbatim is only for mrkdwn');
  }

  id(path: string, value: unknown): void {
    if (value !== undefined) this.string(path, value, 255, { min: 1 });
  }

  blockId(path: string, value: unknown): void {
    if (value === undefined) return;
    this.id(path, value);
    if (typeof value === 'string') {
      if (this.blockIds.has(value)) this.fail(path, `duplicate block_id ${value}`);
      this.blockIds.add(value);
    }
  }

  confirm(path: string, value: unknown): void {
    if (value === undefined) return;
    if (!isRecord(value)) {
      this.fail(path, 'expected a confirm object');
      return;
    }
    this.text(`${path}.title`, value.title, 100, 'plain_text');
    this.text(`${path}.text`, value.text, 300);
    this.text(`${path}.confirm`, value.confirm, 30, 'plain_text');
    this.text(`${path}.deny`, value.deny, 30, 'plain_text');
  }

  option(path: string, value: unknown): void {
    if (!isRecord(value)) {
      this.fail(path, 'expected an option');
      return;
    }
    this.text(`${path}.text`, value.text, 75);
    this.string(`${path}.value`, value.value, 150, { min: 1 });
    if (value.description !== undefined)
      this.text(`${path}.description`, value.description, 75, 'plain_text');
  }

  options(path: string, value: unknown, max: number, min = 1): unknown[] {
    if (!Array.isArray(value)) {
      this.fail(path, 'expected an array of options');
      return [];
    }
    if (value.length > max) this.fail(path, `${value.length} options, limit ${max}`);
    if (value.length < min) this.fail(path, `${value.length} options, minimum ${min}`);
    for (const [index, option] of value.entries()) this.option(`${path}[${index}]`, option);
    return value;
  }

  initialOption(path: string, initial: unknown, options: unknown[]): void {
    if (initial === undefined) return;
    const json = JSON.stringify(initial);
    if (!options.some((option) => JSON.stringify(option) === json)) {
      this.fail(path, 'initial_option is not one of the options');
    }
  }

  placeholder(path: string, value: unknown): void {
    if (value !== undefined) this.text(path, value, 150, 'plain_text');
  }

  element(path: string, value: unknown): void {
    if (!isRecord(value)) {
      this.fail(path, 'expected an element');
      return;
    }
    this.id(`${path}.action_id`, value.action_id);
    this.confirm(`${path}.confirm`, value.confirm);
    const type = value.type;
    if (type === 'button') {
      this.text(`${path}.text`, value.text, 75, 'plain_text');
      this.optionalString(`${path}.value`, value.value, 2000);
      this.optionalString(`${path}.url`, value.url, 3000);
      this.optionalString(`${path}.accessibility_label`, value.accessibility_label, 75);
      if (value.style !== undefined && value.style !== 'primary' && value.style !== 'danger') {
        this.fail(`${path}.style`, `unknown style ${String(value.style)}`);
      }
    } else if (type === 'static_select' || type === 'multi_static_select') {
      this.placeholder(`${path}.placeholder`, value.placeholder);
      const hasOptions = value.options !== undefined;
      const hasGroups = value.option_groups !== undefined;
      if (hasOptions === hasGroups) this.fail(path, 'needs exactly one of options and option_groups');
      let all: unknown[] = [];
      if (hasOptions) all = this.options(`${path}.options`, value.options, 100);
      if (hasGroups) {
        const groups = value.option_groups;
        if (!Array.isArray(groups)) {
          this.fail(`${path}.option_groups`, 'expected an array');
        } else {
          if (groups.length > 100) this.fail(`${path}.option_groups`, `${groups.length} groups, limit 100`);
          groups.forEach((group, index) => {
            const groupPath = `${path}.option_groups[${index}]`;
            if (!isRecord(group)) {
              this.fail(groupPath, 'expected an option group');
              return;
            }
            this.text(`${groupPath}.label`, group.label, 75, 'plain_text');
            all = all.concat(this.options(`${groupPath}.options`, group.options, 100));
          });
        }
      }
      this.initialOption(`${path}.initial_option`, value.initial_option, all);
    } else if (type === 'overflow') {
      this.options(`${path}.options`, value.options, 5);
    } else if (type === 'radio_buttons' || type === 'checkboxes') {
      const options = this.options(`${path}.options`, value.options, 10);
      this.initialOption(`${path}.initial_option`, value.initial_option, options);
    } else if (type === 'plain_text_input') {
      this.placeholder(`${path}.placeholder`, value.placeholder);
      const max = value.max_length;
      const min = value.min_length;
      if (max !== undefined && (typeof max !== 'number' || max < 1 || max > 3000)) {
        this.fail(`${path}.max_length`, `must be 1..3000, is ${String(max)}`);
      }
      if (min !== undefined && (typeof min !== 'number' || min < 0 || min > 3000)) {
        this.fail(`${path}.min_length`, `must be 0..3000, is ${String(min)}`);
      }
      if (typeof min === 'number' && typeof max === 'number' && min > max)
        this.fail(path, 'min_length > max_length');
      if (value.initial_value !== undefined) {
        this.string(`${path}.initial_value`, value.initial_value, typeof max === 'number' ? max : 3000);
      }
    } else if (SELECTS_WITH_PLACEHOLDER.has(String(type))) {
      this.placeholder(`${path}.placeholder`, value.placeholder);
      if (type === 'datepicker' && value.initial_date !== undefined) {
        if (typeof value.initial_date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value.initial_date)) {
          this.fail(`${path}.initial_date`, 'must be YYYY-MM-DD');
        }
      }
      if (type === 'timepicker' && value.initial_time !== undefined) {
        if (typeof value.initial_time !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d$/.test(value.initial_time)) {
          this.fail(`${path}.initial_time`, 'must be HH:mm');
        }
      }
    } else if (type === 'file_input') {
      // Slack: at most 10 files per input (default 10).
      const max = value.max_files;
      if (max !== undefined && (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 10)) {
        this.fail(`${path}.max_files`, `must be 1..10, is ${String(max)}`);
      }
    } else if (type === 'image') {
      this.string(`${path}.image_url`, value.image_url, 3000, { min: 1 });
      this.string(`${path}.alt_text`, value.alt_text, 2000, { min: 1 });
    } else {
      this.fail(path, `element type ${String(type)} is not checked`);
    }
  }

  elementList(path: string, value: unknown, max: number): unknown[] {
    if (!Array.isArray(value)) {
      this.fail(path, 'expected an array of elements');
      return [];
    }
    if (value.length === 0) this.fail(path, 'no elements');
    if (value.length > max) this.fail(path, `${value.length} elements, limit ${max}`);
    return value;
  }

  uniqueActionIds(path: string, elements: unknown[]): void {
    const seen = new Set<string>();
    for (const element of elements) {
      if (!isRecord(element) || typeof element.action_id !== 'string') continue;
      if (seen.has(element.action_id))
        this.fail(path, `duplicate action_id ${element.action_id} in one block`);
      seen.add(element.action_id);
    }
  }

  block(path: string, value: unknown): void {
    if (!isRecord(value)) {
      this.fail(path, 'expected a block');
      return;
    }
    const type = String(value.type);
    if (!KNOWN_BLOCKS.has(type)) {
      this.fail(path, `block type ${type} is not checked`);
      return;
    }
    this.blockId(`${path}.block_id`, value.block_id);
    switch (type) {
      case 'section': {
        if (value.text === undefined && value.fields === undefined) this.fail(path, 'needs text or fields');
        if (value.text !== undefined) this.text(`${path}.text`, value.text, 3000);
        if (value.fields !== undefined) {
          const fields = value.fields;
          if (!Array.isArray(fields) || fields.length === 0) this.fail(`${path}.fields`, 'expected fields');
          else {
            if (fields.length > 10) this.fail(`${path}.fields`, `${fields.length} fields, limit 10`);
            for (const [index, field] of fields.entries()) this.text(`${path}.fields[${index}]`, field, 2000);
          }
        }
        if (value.accessory !== undefined) this.element(`${path}.accessory`, value.accessory);
        break;
      }
      case 'header':
        this.text(`${path}.text`, value.text, 150, 'plain_text');
        break;
      case 'context': {
        const elements = this.elementList(`${path}.elements`, value.elements, 10);
        elements.forEach((element, index) => {
          if (isRecord(element) && element.type === 'image')
            this.element(`${path}.elements[${index}]`, element);
          else this.text(`${path}.elements[${index}]`, element, 3000);
        });
        break;
      }
      case 'actions': {
        const elements = this.elementList(`${path}.elements`, value.elements, 25);
        for (const [index, element] of elements.entries())
          this.element(`${path}.elements[${index}]`, element);
        this.uniqueActionIds(path, elements);
        break;
      }
      case 'input':
        this.text(`${path}.label`, value.label, 2000, 'plain_text');
        if (value.hint !== undefined) this.text(`${path}.hint`, value.hint, 2000, 'plain_text');
        this.element(`${path}.element`, value.element);
        break;
      case 'image':
        this.string(`${path}.image_url`, value.image_url, 3000, { min: 1 });
        this.string(`${path}.alt_text`, value.alt_text, 2000, { min: 1 });
        if (value.title !== undefined) this.text(`${path}.title`, value.title, 2000, 'plain_text');
        break;
      default:
        break;
    }
  }

  blocks(path: string, value: unknown, max: number): unknown[] {
    if (!Array.isArray(value)) {
      this.fail(path, 'expected an array of blocks');
      return [];
    }
    if (value.length > max) this.fail(path, `${value.length} blocks, limit ${max}`);
    for (const [index, block] of value.entries()) this.block(`${path}[${index}]`, block);
    return value;
  }

  /** Every text object anywhere, even where the structural walk does not look. */
  everyTextObject(path: string, value: unknown): void {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) this.everyTextObject(`${path}[${index}]`, item);
    } else if (isRecord(value)) {
      if ((value.type === 'plain_text' || value.type === 'mrkdwn') && 'text' in value) {
        this.text(path, value, 3000);
      }
      for (const [key, child] of Object.entries(value)) this.everyTextObject(`${path}.${key}`, child);
    }
  }
}

export function limitViolations(surface: Surface, payload: unknown): string[] {
  const check = new Checker();
  if (!isRecord(payload)) return ['payload: expected an object'];
  if (surface === 'message') {
    if (check.string('text', payload.text, 40_000, { min: 1 }) && payload.text.trim() === '') {
      check.fail('text', 'blank notification text');
    }
    check.blocks('blocks', payload.blocks, 50);
  } else {
    if (payload.type !== surface) check.fail('type', `expected ${surface}, got ${String(payload.type)}`);
    check.id('callback_id', payload.callback_id);
    check.optionalString('private_metadata', payload.private_metadata, 3000);
    const blocks = check.blocks('blocks', payload.blocks, 100);
    const bytes = Buffer.byteLength(JSON.stringify(payload), 'utf8');
    if (bytes > 250_000) check.fail('view', `${bytes} bytes, Slack refuses views over 250 kB`);
    if (surface === 'modal') {
      check.text('title', payload.title, 24, 'plain_text');
      if (payload.submit !== undefined) check.text('submit', payload.submit, 24, 'plain_text');
      if (payload.close !== undefined) check.text('close', payload.close, 24, 'plain_text');
      const hasInput = blocks.some((block) => isRecord(block) && block.type === 'input');
      if (hasInput && payload.submit === undefined)
        check.fail('submit', 'required when there are input blocks');
    }
  }
  check.everyTextObject('payload', payload);
  return [...new Set(check.violations)];
}

export function assertWithinLimits(surface: Surface, payload: unknown): void {
  expect(limitViolations(surface, payload)).toEqual([]);
}

/** Every string in a payload with its path, except the ones Slack never renders as text. */
function strings(value: unknown, path: string, out: [string, string][], skip: ReadonlySet<string>): void {
  if (typeof value === 'string') out.push([path, value]);
  else if (Array.isArray(value))
    for (const [index, item] of value.entries()) strings(item, `${path}[${index}]`, out, skip);
  else if (isRecord(value)) {
    for (const [key, child] of Object.entries(value)) {
      if (!skip.has(key)) strings(child, `${path}.${key}`, out, skip);
    }
  }
}

/**
 * Where user text could ping, link or mention anyone: the raw markup of the hostile fixtures must never
 * survive. Input initial values (edited by the user, never rendered as mrkdwn) and private_metadata (never
 * shown) are not looked at.
 */
export interface Allowed {
  /** Slack user ids the fixtures give real people: their mentions are expected. */
  userIds?: readonly string[];
  /** Link targets the builder was given on purpose (as they appear, `&` escaped). */
  links?: readonly string[];
}

export function unsafeMarkup(payload: unknown, allowed: Allowed = {}): string[] {
  const found: [string, string][] = [];
  strings(payload, 'payload', found, new Set(['initial_value', 'private_metadata']));
  const problems: string[] = [];
  for (const [path, raw] of found) {
    const text = (allowed.links ?? []).reduce((acc, link) => acc.split(`<${link}|`).join('(link|'), raw);
    for (const bad of [
      '<!channel>',
      '<!here>',
      '<!everyone>',
      '<@U0123ABC>',
      '<https://evil',
      '<http',
      '<#',
    ]) {
      if (text.includes(bad)) problems.push(`${path}: contains ${bad}`);
    }
    for (const match of text.matchAll(/<@([^>|]*)/g)) {
      if (!(allowed.userIds ?? []).includes(match[1] ?? '')) problems.push(`${path}: mentions ${match[0]}`);
    }
    // Escaping is only correct if every & starts one of Slack's three entities (cutting never split one).
    // A refusal's `plain` is deliberately unescaped (shown literally, with ‹ › for < >).
    if (path.endsWith('.plain')) continue;
    for (const match of text.matchAll(/&(?!amp;|lt;|gt;)/g)) {
      problems.push(`${path}: bare & at ${match.index}`);
    }
  }
  return problems;
}

/** Strings must be well-formed UTF-16: a cut never leaves half of a surrogate pair. */
export function loneSurrogates(payload: unknown): string[] {
  const found: [string, string][] = [];
  strings(payload, 'payload', found, new Set());
  return found
    .filter(([, text]) => /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text))
    .map(([path]) => `${path}: lone surrogate`);
}

/**
 * The characters of all texts in a message's blocks. Not a documented limit, but Slack refuses messages
 * much above ~12,000 (msg_blocks_too_long, bolt-js issue #2509), so messages are held below it.
 */
export function messageTextLength(payload: unknown): number {
  let total = 0;
  const blocks = isRecord(payload) ? payload.blocks : undefined;
  JSON.stringify(blocks ?? [], (key, value: unknown) => {
    if (key === 'text' && typeof value === 'string') total += value.length;
    return value;
  });
  return total;
}

export const MESSAGE_TEXT_CEILING = 12_000;

/** The hostile-input expectations every builder must meet. */
export function assertSafe(surface: Surface, payload: unknown, allowed: Allowed = {}): void {
  assertWithinLimits(surface, payload);
  expect(unsafeMarkup(payload, allowed)).toEqual([]);
  expect(loneSurrogates(payload)).toEqual([]);
  if (surface === 'message') expect(messageTextLength(payload)).toBeLessThanOrEqual(MESSAGE_TEXT_CEILING);
}
