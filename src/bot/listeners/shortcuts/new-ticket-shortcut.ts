import type { AllMiddlewareArgs, GlobalShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { BotDeps } from '../../deps.js';
import { explainFailure } from '../../feedback.js';
import { openNewTicketModal } from '../../new-ticket-modal.js';

type Args = SlackShortcutMiddlewareArgs<GlobalShortcut> & AllMiddlewareArgs;

/** The global shortcut "New ticket". */
export function newTicketShortcut(deps: BotDeps) {
  return async ({ shortcut, ack, client, logger }: Args) => {
    await ack();
    const userId = shortcut.user.id;
    try {
      await openNewTicketModal(deps, client, { userId, triggerId: shortcut.trigger_id });
    } catch (error) {
      await explainFailure(deps, client, logger, { userId }, error);
    }
  };
}
