/** Longest display name a post or a mail carries (Slack shows about this much of a post's `username`). */
const MAX_SENDER_NAME = 80;

/**
 * How the desk signs what it sends for an operator: "Luca Verdi (Helpdesk informatico)", so the customer
 * sees both who answered and which desk; without an operator, the queue's name alone.
 */
export function senderName(operator: string | null | undefined, queueName: string): string {
  const person = operator?.replace(/\s+/g, ' ').trim();
  const name = person ? `${person} (${queueName})` : queueName;
  return name.length > MAX_SENDER_NAME ? `${name.slice(0, MAX_SENDER_NAME - 1)}…` : name;
}
