import { ValidationError } from '../../../core/errors.js';
import { PENDING_STATES, type PendingState } from '../../../core/model.js';
import { wallClockToDate } from '../../../present/time-zone.js';
import { INPUTS } from '../../../views/ids.js';
import type { BotDeps } from '../../deps.js';
import { selectedDate, selectedTime, selectedValue } from '../../view-values.js';
import { ticketFormSubmission } from './ticket-form.js';

/** Set pending: a reminder or an automatic close at a date and time on the desk's clock. */
export function pendingSubmission(deps: BotDeps) {
  return ticketFormSubmission(
    deps,
    INPUTS.pendingDate,
    async ({ ticketNumber, actor, args }) => {
      const state = selectedValue(args.view, INPUTS.pendingState);
      if (!state || !(PENDING_STATES as readonly string[]).includes(state)) {
        throw new ValidationError('pending_state', 'not_chosen', 'Choose what happens when the time comes.');
      }
      const day = selectedDate(args.view, INPUTS.pendingDate);
      const time = selectedTime(args.view, INPUTS.pendingTime);
      if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day))
        throw new ValidationError('pending_until', 'not_chosen', 'Choose a date.');
      if (!time || !/^\d{2}:\d{2}$/.test(time))
        throw new ValidationError('pending_time', 'not_chosen', 'Choose a time.');
      const until = wallClockToDate(day, time, deps.view.timeZone);
      await deps.desk.setPending(actor, ticketNumber, state as PendingState, until);
    },
    {
      pending_state: INPUTS.pendingState,
      pending_until: INPUTS.pendingDate,
      pending_time: INPUTS.pendingTime,
    },
  );
}
