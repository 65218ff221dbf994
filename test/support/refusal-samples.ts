import type { Refusal, RefusalCode, RefusalParams } from '../../src/core/errors.js';

/** One refusal of every code: the mapped type makes a new code fail to compile until it has a sample. */
export const REFUSAL_SAMPLES: { [C in RefusalCode]: RefusalParams[C] } = {
  not_found: { what: 'ticket', key: '1' },
  permission_denied: { action: 'close', where: { queue: { key: 'it', name: 'IT Help' } } },
  already_claimed: { ticketNumber: '1', owner: { name: 'Luca Bianchi', slackUserId: 'U0OPERATOR1' } },
  invalid_transition: { ticketNumber: '1', from: 'closed_successful', to: 'pending_reminder' },
  ticket_not_working: { ticketNumber: '1', state: 'merged' },
  invalid_input: { field: 'title', reason: 'empty' },
  queue_inactive: { queue: { key: 'a', name: 'A' } },
  not_a_sub_queue: { queue: { key: 'a', name: 'A' }, parent: { key: 'b', name: 'B' } },
  follow_up_refused: { ticketNumber: '1', queue: { key: 'a', name: 'A' } },
  first_level_queue: { queue: { key: 'it', name: 'IT Help' } },
  not_claimed: { ticketNumber: '1' },
  merge_into_itself: {},
  merge_into_merged: { ticketNumber: '2' },
  merge_across_customers: { source: '1', target: '2', sourceCustomer: 'Anna', targetCustomer: 'Bruno' },
  not_an_external_sender: { ticketNumber: '1', articleNumber: 2 },
  not_an_operator: {},
  already_rated: { ticketNumber: '1', rating: 4 },
  not_rateable: { ticketNumber: '1' },
  already_commented: { ticketNumber: '1' },
  not_a_ticket_thread: {},
  invalid_period: { period: 'lastyear' },
  invalid_away_until: {},
  invalid_field: { problems: [{ key: 'room', label: { it: 'Aula', en: 'Room' }, reason: 'required' }] },
  sender_not_authenticated: {},
  mail_over_cap: {},
  mail_no_queue: {},
  mail_unusable: {},
  internal_error: {},
};

export function sampleRefusal(code: RefusalCode): Refusal {
  return { code, params: REFUSAL_SAMPLES[code] } as Refusal;
}
