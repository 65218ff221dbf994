/**
 * A queue's fields (OTRS dynamic fields): what the queue asks of every ticket beyond subject and request.
 * Declared in the configuration file, stored with the queue, and the one place their values are checked.
 */

export const FIELD_TYPES = ['text', 'multiline', 'number', 'date', 'select', 'multi_select', 'user'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A label in each language the desk speaks. */
export interface FieldLabel {
  it: string;
  en: string;
}

export interface FieldOption {
  /** What is stored and searched (`/ticket search building:a`). */
  value: string;
  label: FieldLabel;
}

export interface FieldDefinition {
  /** Stable: values are stored under it, searched and exported by it. */
  key: string;
  label: FieldLabel;
  type: FieldType;
  required: boolean;
  /** Only operators see and fill it; customers never do. */
  internal: boolean;
  /** For select and multi_select; empty otherwise. */
  options: FieldOption[];
}

/** Every value is a list: one item for single-valued fields, any number for multi_select. */
export type FieldValues = Record<string, string[]>;

/** The longest value a one-line field (text, number) takes, and a multiline one. */
export const FIELD_TEXT_MAX = 250;
export const FIELD_MULTILINE_MAX = 1000;
/**
 * A queue's form must fit Slack's 250 kB view with every field filled: at most this many fields, this many
 * options in all its selects, values this long (a multiline one above).
 */
export const MAX_QUEUE_FIELDS = 20;
export const MAX_QUEUE_OPTIONS = 150;
export const MAX_OPTION_VALUE = 50;
/** The most options of a select: Slack's static select holds 100. */
export const MAX_FIELD_OPTIONS = 100;
