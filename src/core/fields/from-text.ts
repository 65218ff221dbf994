import type { FieldDefinition, FieldValues } from './definition.js';
import { foldFieldValue } from './store.js';

/** `Edificio: A`, `Matricola : 123456`: a name of up to 80 characters, a colon, the value. */
const LABELLED_LINE = /^[ \t>]*([^:\n]{1,80}?)[ \t]*:[ \t]*(\S[^\n]*?)[ \t]*$/gm;
/** `25/03/2026` or `25.3.2026`, as people in Italy write dates. */
const ITALIAN_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

function namesOf(field: FieldDefinition): Set<string> {
  return new Set([field.key, field.label.it, field.label.en].map(foldFieldValue));
}

function optionValue(field: FieldDefinition, text: string): string {
  const folded = foldFieldValue(text.trim());
  const option = field.options.find((o) =>
    [o.value, o.label.it, o.label.en].some((name) => foldFieldValue(name) === folded),
  );
  return option?.value ?? text.trim();
}

function valuesFor(field: FieldDefinition, text: string): string[] {
  switch (field.type) {
    case 'select':
      return [optionValue(field, text)];
    case 'multi_select':
      return text
        .split(/[,;]/)
        .map((part) => optionValue(field, part))
        .filter((value) => value !== '');
    case 'date': {
      const match = ITALIAN_DATE.exec(text);
      if (!match) return [text];
      const [, day = '', month = '', year = ''] = match;
      return [`${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`];
    }
    default:
      return [text];
  }
}

/**
 * What a request's text says of the queue's customer fields, from lines like `Label: value` (the label in
 * either language, or the key); the first line for a field counts. The values still need checking.
 */
export function fieldValuesInText(fields: readonly FieldDefinition[], text: string): FieldValues {
  const found: FieldValues = {};
  const byName = new Map<string, FieldDefinition>();
  for (const field of fields) {
    if (field.internal || field.type === 'user') continue;
    for (const name of namesOf(field)) if (!byName.has(name)) byName.set(name, field);
  }
  for (const [, name = '', value = ''] of text.matchAll(LABELLED_LINE)) {
    const field = byName.get(foldFieldValue(name.trim()));
    if (field && found[field.key] === undefined) found[field.key] = valuesFor(field, value);
  }
  return found;
}
