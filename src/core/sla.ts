import { addMinutes } from 'date-fns';
import type { QueueRow } from './permissions.js';

export interface DueTimes {
  firstResponseDueAt: Date | null;
  updateDueAt: Date | null;
  solutionDueAt: Date | null;
}

const dueAfter = (from: Date, minutes: number | null): Date | null =>
  minutes ? addMinutes(from, minutes) : null;

/** The promises a queue makes for a ticket opened (or moved into it) at `from`. */
export function dueTimesFor(queue: QueueRow, from: Date): DueTimes {
  return {
    firstResponseDueAt: dueAfter(from, queue.firstResponseMinutes),
    updateDueAt: dueAfter(from, queue.updateMinutes),
    solutionDueAt: dueAfter(from, queue.solutionMinutes),
  };
}

/** After a customer writes, the queue owes an update within its update time. */
export function updateDueAfterCustomerContact(queue: QueueRow, at: Date): Date | null {
  return dueAfter(at, queue.updateMinutes);
}
