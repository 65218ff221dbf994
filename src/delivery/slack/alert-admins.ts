import type { Logger } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { HelpDesk } from '../../core/help-desk.js';
import type { OutboxRow } from '../../core/model.js';
import type { Locale } from '../../i18n/index.js';
import { buildDeliveryGivenUp } from '../../views/messages/admin-alert.js';

/**
 * Posts in the admin channel that a delivery was given up. Sent directly, not through the outbox: an alert
 * about the outbox must not wait in it. Without an admin channel the log line is all there is.
 */
export async function alertAdmins(
  client: WebClient,
  adminChannel: string | null,
  desk: HelpDesk,
  locale: Locale,
  row: OutboxRow,
  error: string,
  logger: Logger,
): Promise<void> {
  if (!adminChannel) return;
  const message = row.payload;
  const via = message.topic === 'customer.notify' ? ` (${message.via})` : '';
  try {
    const alert = buildDeliveryGivenUp({
      locale,
      what: `${row.topic}${via}`,
      number: await desk.ticketNumberById(message.ticketId),
      attempts: row.attempts + 1,
      error,
    });
    await client.chat.postMessage({ channel: adminChannel, ...alert });
  } catch (alertError) {
    logger.error(`could not alert the admin channel ${adminChannel}:`, alertError);
  }
}
