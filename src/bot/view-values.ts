import type { ViewOutput } from '@slack/bolt';
import { type FieldValues, type SlackUserId, slackUserIdFrom } from '../core/model.js';
import { FIELD_INPUT_PREFIX } from '../views/ids.js';
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

/** What one field input holds, as a list (empty when nothing is chosen or typed). */
function inputValues(state: StateValue): string[] {
  switch (state.type) {
    case 'multi_static_select':
      return (state.selected_options ?? []).map((option) => option.value);
    case 'static_select':
      return state.selected_option?.value ? [state.selected_option.value] : [];
    case 'users_select':
      return state.selected_user ? [state.selected_user] : [];
    case 'datepicker':
      return state.selected_date ? [state.selected_date] : [];
    default:
      return state.value ? [state.value] : [];
  }
}

/** The values of the queue's field inputs (`field_<key>`) in a view's state, by field key. */
export function fieldValuesOf(view: Pick<ViewOutput, 'state'>): FieldValues {
  const values: FieldValues = {};
  for (const [blockId, actions] of Object.entries(view.state.values)) {
    const state = actions[blockId];
    if (!blockId.startsWith(FIELD_INPUT_PREFIX) || !state) continue;
    values[blockId.slice(FIELD_INPUT_PREFIX.length)] = inputValues(state);
  }
  return values;
}
