import type { TicketState } from '../db/schema.js';

export type { TicketState } from '../db/schema.js';
export { TICKET_STATES } from '../db/schema.js';

export const PENDING_STATES = [
  'pending_reminder',
  'pending_auto_close_successful',
  'pending_auto_close_unsuccessful',
] as const satisfies readonly TicketState[];
export type PendingState = (typeof PENDING_STATES)[number];

export const CLOSED_STATES = [
  'closed_successful',
  'closed_unsuccessful',
] as const satisfies readonly TicketState[];
export type ClosedState = (typeof CLOSED_STATES)[number];

/** Which states may follow which. A ticket never goes back to `new`; `merged` is final. */
const TRANSITIONS: Record<TicketState, readonly TicketState[]> = {
  new: ['open', ...PENDING_STATES, ...CLOSED_STATES, 'merged'],
  open: [...PENDING_STATES, ...CLOSED_STATES, 'merged'],
  pending_reminder: ['open', ...PENDING_STATES, ...CLOSED_STATES, 'merged'],
  pending_auto_close_successful: ['open', ...PENDING_STATES, ...CLOSED_STATES, 'merged'],
  pending_auto_close_unsuccessful: ['open', ...PENDING_STATES, ...CLOSED_STATES, 'merged'],
  closed_successful: ['open', 'merged'],
  closed_unsuccessful: ['open', 'merged'],
  merged: [],
};

export function canTransition(from: TicketState, to: TicketState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function isPending(state: TicketState): state is PendingState {
  return (PENDING_STATES as readonly TicketState[]).includes(state);
}

export function isClosed(state: TicketState): state is ClosedState {
  return (CLOSED_STATES as readonly TicketState[]).includes(state);
}

/** New, open and pending tickets are still on a queue's desk. */
export function isWorking(state: TicketState): boolean {
  return state === 'new' || state === 'open' || isPending(state);
}

/** How a state reads to a person. */
export const STATE_NAMES: Record<TicketState, string> = {
  new: 'new',
  open: 'open',
  pending_reminder: 'pending reminder',
  pending_auto_close_successful: 'pending auto close+',
  pending_auto_close_unsuccessful: 'pending auto close-',
  closed_successful: 'closed successful',
  closed_unsuccessful: 'closed unsuccessful',
  merged: 'merged',
};
