import type { ViewOutput } from '@slack/bolt';
import { type SlackUserId, slackUserIdFrom } from '../core/model.js';
import type { SlackFile } from './slack-files.js';

type StateValue = ViewOutput['state']['values'][string][string];

/** Reads one input of a submitted modal; inputs use the same id for their block and their element. */
function field(view: ViewOutput, id: string): StateValue | undefined {
  return view.state.values[id]?.[id];
}

/** The files of a `file_input` (none when the form has no such input or nothing was uploaded). */
export function formFiles(view: ViewOutput, id: string): SlackFile[] {
  const value: unknown = field(view, id);
  if (typeof value !== 'object' || value === null || !('files' in value) || !Array.isArray(value.files))
    return [];
  return value.files.filter((file): file is SlackFile => typeof file === 'object' && file !== null);
}

export function textValue(view: ViewOutput, id: string): string {
  return field(view, id)?.value ?? '';
}

/** The text of the input whose action id is `actionId`, whatever its block id (see `replyBodyBlockId`). */
export function textOfAction(view: ViewOutput, actionId: string): string {
  for (const block of Object.values(view.state.values)) {
    const value = block[actionId]?.value;
    if (typeof value === 'string') return value;
  }
  return '';
}

/** The options ticked in a multi-select input. */
export function selectedValues(view: ViewOutput, id: string): string[] {
  return (field(view, id)?.selected_options ?? []).map((option) => option.value);
}

export function selectedValue(view: ViewOutput, id: string): string | undefined {
  return field(view, id)?.selected_option?.value ?? undefined;
}

/** Whether a checkboxes input has the option with this value ticked. */
export function isChecked(view: ViewOutput, id: string, value: string): boolean {
  return (field(view, id)?.selected_options ?? []).some((option) => option.value === value);
}

export function selectedUser(view: ViewOutput, id: string): SlackUserId | undefined {
  const user = field(view, id)?.selected_user;
  return user ? slackUserIdFrom(user) : undefined;
}

export function selectedDate(view: ViewOutput, id: string): string | undefined {
  return field(view, id)?.selected_date ?? undefined;
}

export function selectedTime(view: ViewOutput, id: string): string | undefined {
  return field(view, id)?.selected_time ?? undefined;
}
