/**
 * The Block Kit types the builders return, from the `@slack/types` that `@slack/bolt` re-exports (so the
 * views need no dependency of their own).
 */
import type { types } from '@slack/bolt';

export type KnownBlock = types.KnownBlock;
export type ActionsBlock = types.ActionsBlock;
export type ActionsBlockElement = types.ActionsBlockElement;
export type ContextBlock = types.ContextBlock;
export type DividerBlock = types.DividerBlock;
export type HeaderBlock = types.HeaderBlock;
export type InputBlock = types.InputBlock;
export type InputBlockElement = types.InputBlockElement;
export type SectionBlock = types.SectionBlock;
export type SectionBlockAccessory = types.SectionBlockAccessory;
export type Button = types.Button;
export type StaticSelect = types.StaticSelect;
export type UsersSelect = types.UsersSelect;
export type PlainTextInput = types.PlainTextInput;
export type RadioButtons = types.RadioButtons;
export type Datepicker = types.Datepicker;
export type Timepicker = types.Timepicker;
export type PlainTextOption = types.PlainTextOption;
export type PlainTextElement = types.PlainTextElement;
export type MrkdwnElement = types.MrkdwnElement;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;

/** What every message builder returns: notification/fallback `text` plus the blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}
