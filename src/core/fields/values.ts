import { type FieldProblem, FieldValuesError } from '../errors.js';
import { wellFormed } from '../well-formed.js';
import { collapseBlanks } from '../whitespace.js';
import { FIELD_MULTILINE_MAX, FIELD_TEXT_MAX, type FieldDefinition, type FieldValues } from './definition.js';

const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;
const NUMBER = /^-?\d{1,15}(?:[.,]\d{1,6})?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

type Checked = { values: string[] } | { problem: Omit<FieldProblem, 'key' | 'label'> };

/** One field's values as stored (trimmed, normalised), or why they cannot be. */
function checkValues(field: FieldDefinition, raw: readonly string[]): Checked {
  const trimmed = raw.map((value) => wellFormed(value).trim()).filter((value) => value !== '');
  const values = [...new Set(trimmed)];
  if (values.length === 0) return { values: [] };
  if (field.type !== 'multi_select' && values.length > 1) return { problem: { reason: 'one_value' } };
  const [value = ''] = values;
  switch (field.type) {
    case 'text': {
      const line = collapseBlanks(value);
      if (line.length > FIELD_TEXT_MAX) return { problem: { reason: 'too_long', limit: FIELD_TEXT_MAX } };
      return { values: [line] };
    }
    case 'multiline':
      if (value.length > FIELD_MULTILINE_MAX) {
        return { problem: { reason: 'too_long', limit: FIELD_MULTILINE_MAX } };
      }
      return { values: [value] };
    case 'number':
      return NUMBER.test(value)
        ? { values: [value.replace(',', '.')] }
        : { problem: { reason: 'not_a_number' } };
    case 'date':
      return isRealDate(value) ? { values: [value] } : { problem: { reason: 'not_a_date' } };
    case 'user':
      return SLACK_USER.test(value) ? { values: [value] } : { problem: { reason: 'not_a_user' } };
    case 'select':
    case 'multi_select': {
      const known = new Set(field.options.map((option) => option.value));
      return values.every((v) => known.has(v)) ? { values } : { problem: { reason: 'not_an_option' } };
    }
  }
}

export interface FieldCheck {
  /** The fields the values are for, in the order the queue declares them. */
  fields: readonly FieldDefinition[];
  /** Whether the person may fill internal fields (operators). */
  internalAllowed: boolean;
  /** Whether required fields must have a value (a form), or may be left for later (mail). */
  requireAll: boolean;
}

/**
 * The values to store for each field given (trimmed, an emptied field as an empty list), or a FieldValuesError
 * naming every field refused. A field not given is left as it is; with `requireAll`, a required one counts
 * as empty.
 */
export function checkFieldValues(check: FieldCheck, given: FieldValues): FieldValues {
  const byKey = new Map(check.fields.map((field) => [field.key, field]));
  const problems: FieldProblem[] = [];
  const result: FieldValues = {};
  for (const key of Object.keys(given)) {
    if (!byKey.has(key)) problems.push({ key, label: { it: key, en: key }, reason: 'unknown' });
  }
  for (const field of check.fields) {
    const raw = given[field.key];
    const named = { key: field.key, label: field.label };
    if (raw === undefined) {
      if (check.requireAll && field.required && (check.internalAllowed || !field.internal)) {
        problems.push({ ...named, reason: 'required' });
      }
      continue;
    }
    if (field.internal && !check.internalAllowed) {
      problems.push({ ...named, reason: 'internal' });
      continue;
    }
    const checked = checkValues(field, raw);
    if ('problem' in checked) problems.push({ ...named, ...checked.problem });
    else if (field.required && check.requireAll && checked.values.length === 0) {
      problems.push({ ...named, reason: 'required' });
    } else result[field.key] = checked.values;
  }
  if (problems.length > 0) throw new FieldValuesError(problems);
  return result;
}

/** The values of `given` the fields take, each field on its own: what mail can fill; the rest is left out. */
export function acceptableFieldValues(fields: readonly FieldDefinition[], given: FieldValues): FieldValues {
  const result: FieldValues = {};
  for (const field of fields) {
    const raw = given[field.key];
    if (raw === undefined || field.internal) continue;
    const checked = checkValues(field, raw);
    if ('values' in checked && checked.values.length > 0) result[field.key] = checked.values;
  }
  return result;
}

/** The required fields without a value: what the card says is still missing. */
export function missingFields(fields: readonly FieldDefinition[], values: FieldValues): FieldDefinition[] {
  return fields.filter((field) => field.required && (values[field.key]?.length ?? 0) === 0);
}
