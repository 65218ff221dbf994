import type { Locale, MessageKey } from '../../i18n/index.js';
import { context } from '../blocks.js';
import { LIMITS } from '../limits.js';
import { type Texts, texts } from '../locale.js';
import type { KnownBlock, ModalView, PlainTextInput } from '../slack.js';
import { cap, plain } from '../text.js';
import { TITLE_CHARS } from '../ticket-card.js';

/** What every ticket modal takes. */
export interface TicketModalInput {
  locale: Locale;
  ticketNumber: string;
  /** The ticket's title, shown at the top. */
  title: string;
  /** Extra routing data for the submission handler (e.g. where the action came from); kept ≤ 3000 chars. */
  privateMetadata?: Record<string, unknown> | undefined;
}

/** Serialises a modal's private_metadata, refusing anything over Slack's 3000 characters. */
export function metadata(value: object): string {
  const json = JSON.stringify(value);
  if (json.length > LIMITS.privateMetadata) {
    throw new Error(`private_metadata is ${json.length} characters; Slack allows ${LIMITS.privateMetadata}.`);
  }
  return json;
}

export interface ModalFrame {
  tx: Texts;
  callbackId: string;
  title: MessageKey;
  /** Omitted for a modal with nothing to submit. */
  submit?: MessageKey | undefined;
  /** Defaults to "Cancel" when there is a submit button, "Close" otherwise. */
  close?: MessageKey | undefined;
  blocks: KnownBlock[];
  privateMetadata: object;
}

export function modal(frame: ModalFrame): ModalView {
  const { tx } = frame;
  const view: ModalView = {
    type: 'modal',
    callback_id: frame.callbackId,
    title: plain(tx.t(frame.title), LIMITS.modalTitle),
    close: plain(tx.t(frame.close ?? (frame.submit ? 'modal.cancel' : 'modal.done')), LIMITS.modalButton),
    blocks: frame.blocks.slice(0, LIMITS.viewBlocks),
    private_metadata: metadata(frame.privateMetadata),
  };
  if (frame.submit) view.submit = plain(tx.t(frame.submit), LIMITS.modalButton);
  return view;
}

/** "Ticket#n — title", the line at the top of every ticket modal. */
export function ticketHeading(tx: Texts, ticketNumber: string, title: string): KnownBlock {
  return context([tx.md('modal.ticketLine', { number: ticketNumber, title: cap(title, TITLE_CHARS) })]);
}

/** The frame of a modal about one ticket: heading first, metadata naming the ticket. */
export function ticketModal(
  input: TicketModalInput,
  frame: Omit<ModalFrame, 'tx' | 'privateMetadata'>,
): ModalView {
  const tx = texts(input.locale);
  return modal({
    ...frame,
    tx,
    blocks: [ticketHeading(tx, input.ticketNumber, input.title), ...frame.blocks],
    privateMetadata: { ...input.privateMetadata, ticketNumber: input.ticketNumber },
  });
}

export interface TextInputSpec {
  multiline?: boolean;
  maxLength: number;
  initial?: string | null | undefined;
  placeholder?: string | undefined;
}

/** A plain_text_input whose initial value (raw text, not markup) is capped to its own max_length. */
export function textInput(spec: TextInputSpec): PlainTextInput {
  const element: PlainTextInput = { type: 'plain_text_input', max_length: spec.maxLength };
  if (spec.multiline) element.multiline = true;
  if (spec.placeholder) element.placeholder = plain(spec.placeholder, LIMITS.placeholder);
  const initial = spec.initial?.trim();
  if (initial) element.initial_value = cap(initial, spec.maxLength);
  return element;
}

/** The max_length of every multiline body input (reply, note, reason, closing message). */
export const BODY_MAX_LENGTH = LIMITS.inputMaxLength;
