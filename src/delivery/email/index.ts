import type { OutboxMessage, OutboxRow } from '../../core/model.js';
import { DeliveryError, type DeliveryHandler } from '../outbox-worker.js';
import { type EmailDeliveryDeps, notifyCustomerByEmail } from './notify-customer.js';

export type { EmailDeliveryDeps } from './notify-customer.js';
export { createMailTransport, type MailTransport, type OutgoingMail } from './transport.js';

/** Delivers the outbox's email lane: customer notices sent by mail, kept as articles once sent. */
export function emailDelivery(deps: EmailDeliveryDeps): DeliveryHandler {
  return async (message: OutboxMessage, row: OutboxRow) => {
    if (message.topic === 'customer.notify' && message.via === 'email') {
      return notifyCustomerByEmail(deps, message, row);
    }
    const what = message.topic === 'customer.notify' ? `${message.topic} via ${message.via}` : message.topic;
    throw new DeliveryError(`not an email delivery: ${what}`, { permanent: true });
  };
}
