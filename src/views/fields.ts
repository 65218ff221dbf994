import {
  FIELD_MULTILINE_MAX,
  FIELD_TEXT_MAX,
  type FieldDefinition,
  type FieldValues,
} from '../core/model.js';
import type { Locale } from '../i18n/index.js';
import { context, input, option, packedSections, staticSelect } from './blocks.js';
import { fieldInputId } from './ids.js';
import { LIMITS } from './limits.js';
import type { Texts } from './locale.js';
import { textInput } from './modals/common.js';
import type { InputBlock, InputBlockElement, KnownBlock, PlainTextOption } from './slack.js';
import { bold, cap, escapeMrkdwn, isSlackUserId, plain } from './text.js';

/** A field and its values, as a card or a form shows them. */
export interface FieldData {
  field: FieldDefinition;
  values: string[];
}

/** How much of a value the card shows (the Fields form has it all), and of a label. */
export const CARD_FIELD_VALUE_CHARS = 150;
const LABEL_CHARS = 80;
/** The card's fields take at most this many sections (a message holds 50 blocks). */
const CARD_FIELD_SECTIONS = 2;

const labelOf = (field: FieldDefinition, locale: Locale) => cap(field.label[locale], LABEL_CHARS);

function fieldOptions(field: FieldDefinition, locale: Locale): PlainTextOption[] {
  return field.options.slice(0, LIMITS.selectOptions).map((o) => option(o.label[locale], o.value));
}

/** The element of a field's input, filled with `values`. */
function fieldElement(tx: Texts, field: FieldDefinition, values: readonly string[]): InputBlockElement {
  const [first] = values;
  const id = fieldInputId(field.key);
  switch (field.type) {
    case 'text':
      return textInput({ maxLength: FIELD_TEXT_MAX, initial: first });
    case 'multiline':
      return textInput({ multiline: true, maxLength: FIELD_MULTILINE_MAX, initial: first });
    case 'number': {
      const element: InputBlockElement = {
        type: 'number_input',
        is_decimal_allowed: true,
        placeholder: plain(tx.t('field.custom.number'), LIMITS.placeholder),
      };
      if (first !== undefined && /^-?\d+(\.\d+)?$/.test(first)) element.initial_value = first;
      return element;
    }
    case 'date': {
      const element: InputBlockElement = {
        type: 'datepicker',
        placeholder: plain(tx.t('field.custom.date'), LIMITS.placeholder),
      };
      if (first !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(first)) element.initial_date = first;
      return element;
    }
    case 'user': {
      const element: InputBlockElement = {
        type: 'users_select',
        placeholder: plain(tx.t('field.custom.person'), LIMITS.placeholder),
      };
      if (isSlackUserId(first)) element.initial_user = first;
      return element;
    }
    case 'select': {
      const options = fieldOptions(field, tx.locale);
      return staticSelect({
        actionId: id,
        placeholder: tx.t('field.custom.choose'),
        options,
        initial: options.find((o) => o.value === first),
        groupLabel: () => labelOf(field, tx.locale),
      });
    }
    case 'multi_select': {
      const options = fieldOptions(field, tx.locale);
      const element: InputBlockElement = {
        type: 'multi_static_select',
        placeholder: plain(tx.t('field.custom.choose'), LIMITS.placeholder),
        options,
      };
      const initial = options.filter((o) => values.includes(o.value ?? ''));
      if (initial.length > 0) element.initial_options = initial;
      return element;
    }
  }
}

/** One input per field (block and action id `field_<key>`), filled with the values known. */
export function fieldInputs(
  tx: Texts,
  fields: readonly FieldDefinition[],
  values: FieldValues,
): InputBlock[] {
  return fields.map((field) =>
    input({
      id: fieldInputId(field.key),
      label: labelOf(field, tx.locale),
      element: fieldElement(tx, field, values[field.key] ?? []),
      optional: !field.required,
      hint: field.internal ? tx.t('field.custom.internal') : undefined,
    }),
  );
}

/** A field's values as markup: options by their label, people as mentions, text on one line. */
export function fieldValueMarkup(field: FieldDefinition, values: readonly string[], locale: Locale): string {
  const shown = values.map((value) => {
    if (field.type === 'user' && isSlackUserId(value)) return `<@${value}>`;
    const label: string = field.options.find((o) => o.value === value)?.label[locale] ?? value;
    return escapeMrkdwn(cap(label.replace(/\s+/g, ' '), CARD_FIELD_VALUE_CHARS));
  });
  return shown.join(', ');
}

/**
 * The card's fields: the filled ones as `*Label*: value` lines (at most two sections; a line says how many
 * more the Fields form has), and a line naming required ones still missing.
 */
export function cardFieldBlocks(tx: Texts, fields: readonly FieldData[]): KnownBlock[] {
  const filled = fields.filter((f) => f.values.length > 0);
  const lines = filled.map(
    ({ field, values }) =>
      `${bold(labelOf(field, tx.locale))}: ${fieldValueMarkup(field, values, tx.locale)}`,
  );
  const blocks: KnownBlock[] = [];
  if (lines.length > 0) {
    const heading = bold(tx.t('card.fields'));
    const { blocks: sections, shown } = packedSections([heading, ...lines], CARD_FIELD_SECTIONS);
    blocks.push(...sections);
    const left = lines.length + 1 - shown;
    if (left > 0) blocks.push(context([escapeMrkdwn(tx.t('card.fieldsMore', { count: left }))]));
  }
  const missing = fields.filter((f) => f.field.required && f.values.length === 0);
  if (missing.length > 0) {
    const names = cap(missing.map((f) => labelOf(f.field, tx.locale)).join(', '), 1500);
    blocks.push(context([tx.md('card.fieldsMissing', { fields: names })]));
  }
  return blocks;
}
