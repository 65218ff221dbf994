import { LIMITS } from './limits.js';
import type {
  ActionsBlock,
  ActionsBlockElement,
  Button,
  ContextBlock,
  DividerBlock,
  HeaderBlock,
  InputBlock,
  InputBlockElement,
  PlainTextOption,
  SectionBlock,
  SectionBlockAccessory,
  StaticSelect,
} from './slack.js';
import { cap, plain, safeMrkdwn } from './text.js';

/** Small constructors that keep every piece within Slack's limits; texts go through `plain`/`safeMrkdwn`. */

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plain(text, LIMITS.header) };
}

/** A section of composed mrkdwn (escape user text before). */
export function section(markup: string, accessory?: SectionBlockAccessory): SectionBlock {
  const block: SectionBlock = { type: 'section', text: safeMrkdwn(markup) };
  if (accessory) block.accessory = accessory;
  return block;
}

/**
 * Lines (mrkdwn) packed into as few sections as fit a text object, at most `maxSections` of them; `shown`
 * says how many lines made it, so the caller can tell how many were left out.
 */
export function packedSections(
  lines: readonly string[],
  maxSections = Number.POSITIVE_INFINITY,
): { blocks: SectionBlock[]; shown: number } {
  const texts: string[] = [];
  let current = '';
  let shown = 0;
  for (const line of lines) {
    if (current !== '' && current.length + 1 + line.length > LIMITS.text) {
      if (texts.length + 1 >= maxSections) break;
      texts.push(current);
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
    shown += 1;
  }
  if (current !== '') texts.push(current);
  return { blocks: texts.map((text) => section(text)), shown };
}

/** A section of up to 10 mrkdwn fields (extra fields are dropped: callers pass at most 10). */
export function fieldsSection(fields: string[]): SectionBlock {
  return {
    type: 'section',
    fields: fields.slice(0, LIMITS.sectionFields).map((field) => safeMrkdwn(field, LIMITS.sectionField)),
  };
}

export function context(elements: string[]): ContextBlock {
  return {
    type: 'context',
    elements: elements.slice(0, LIMITS.contextElements).map((element) => safeMrkdwn(element)),
  };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

export function actions(elements: ActionsBlockElement[]): ActionsBlock {
  return { type: 'actions', elements: elements.slice(0, LIMITS.actionsElements) };
}

export interface ButtonSpec {
  text: string;
  actionId: string;
  value: string;
  style?: 'primary' | 'danger';
}

export function button(spec: ButtonSpec): Button {
  const element: Button = {
    type: 'button',
    action_id: spec.actionId,
    text: plain(spec.text, LIMITS.buttonText),
    value: cap(spec.value, LIMITS.buttonValue),
  };
  if (spec.style) element.style = spec.style;
  return element;
}

export function option(text: string, value: string, description?: string): PlainTextOption {
  if (value.length > LIMITS.optionValue) {
    throw new Error(`An option value is ${value.length} characters; Slack allows ${LIMITS.optionValue}.`);
  }
  const result: PlainTextOption = { text: plain(text, LIMITS.optionText), value };
  if (description) result.description = plain(description, LIMITS.optionDescription);
  return result;
}

export interface SelectSpec {
  actionId: string;
  placeholder: string;
  options: PlainTextOption[];
  /** Must be one of `options` (the same object). */
  initial?: PlainTextOption | undefined;
  /** Label of each group of 100 when there are more than 100 options. */
  groupLabel: (from: number, to: number) => string;
}

/** A static_select; beyond 100 options they go in groups of 100 (Slack allows 100 groups). */
export function staticSelect(spec: SelectSpec): StaticSelect {
  const select: StaticSelect = {
    type: 'static_select',
    action_id: spec.actionId,
    placeholder: plain(spec.placeholder, LIMITS.placeholder),
  };
  const all = spec.options.slice(0, LIMITS.selectOptions * LIMITS.optionGroups);
  if (all.length <= LIMITS.selectOptions) {
    select.options = all;
  } else {
    select.option_groups = [];
    for (let start = 0; start < all.length; start += LIMITS.selectOptions) {
      const options = all.slice(start, start + LIMITS.selectOptions);
      select.option_groups.push({
        label: plain(spec.groupLabel(start + 1, start + options.length), LIMITS.optionText),
        options,
      });
    }
  }
  if (spec.initial && all.includes(spec.initial)) select.initial_option = spec.initial;
  return select;
}

export interface InputSpec {
  /** Both the block id and its element's action id. */
  id: string;
  label: string;
  element: InputBlockElement;
  hint?: string;
  optional?: boolean;
  /** The element sends a block action as soon as it changes (the new-ticket form's queue). */
  dispatchAction?: boolean;
}

/** How many files a form takes at once. */
const MAX_FORM_FILES = 10;

/** An optional input for files (Slack uploads them; the app fetches them when the form is submitted). */
export function filesInput(id: string, label: string, hint: string): InputBlock {
  return input({
    id,
    label,
    hint,
    optional: true,
    element: { type: 'file_input', max_files: MAX_FORM_FILES },
  });
}

export function input(spec: InputSpec): InputBlock {
  const block: InputBlock = {
    type: 'input',
    block_id: spec.id,
    label: plain(spec.label, LIMITS.label),
    element: { ...spec.element, action_id: spec.id },
  };
  if (spec.hint) block.hint = plain(spec.hint, LIMITS.hint);
  if (spec.optional) block.optional = true;
  if (spec.dispatchAction) block.dispatch_action = true;
  return block;
}
