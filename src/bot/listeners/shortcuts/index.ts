import type { App } from '@slack/bolt';
import { SHORTCUTS } from '../../../views/ids.js';
import type { BotDeps } from '../../deps.js';
import { newTicketShortcut } from './new-ticket-shortcut.js';
import { sendToCustomerShortcut } from './send-to-customer-shortcut.js';
import { ticketFromMessageShortcut } from './ticket-from-message-shortcut.js';

export function registerShortcuts(app: App, deps: BotDeps): void {
  app.shortcut({ callback_id: SHORTCUTS.newTicket, type: 'shortcut' }, newTicketShortcut(deps));
  app.shortcut(
    { callback_id: SHORTCUTS.ticketFromMessage, type: 'message_action' },
    ticketFromMessageShortcut(deps),
  );
  app.shortcut(
    { callback_id: SHORTCUTS.sendToCustomer, type: 'message_action' },
    sendToCustomerShortcut(deps),
  );
}
