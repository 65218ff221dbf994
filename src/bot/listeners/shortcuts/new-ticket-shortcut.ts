import type { AllMiddlewareArgs, GlobalShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { slackUserIdOf } from '../../../core/model.js';
import type { BotDeps } from '../../deps.js';
import { openNewTicketModal } from '../../new-ticket-modal.js';
import { withRefusals } from '../../with-refusals.js';

type Args = SlackShortcutMiddlewareArgs<GlobalShortcut> & AllMiddlewareArgs;

/** The global shortcut "New ticket": a refusal is told by DM (a global shortcut has no channel). */
export function newTicketShortcut(deps: BotDeps) {
  const user = ({ shortcut }: Args) => ({ userId: slackUserIdOf(shortcut.user.id) });
  return withRefusals(deps, user, async ({ shortcut, ack, client }: Args, to) => {
    await ack();
    await openNewTicketModal(deps, client, { userId: to.userId, triggerId: shortcut.trigger_id });
  });
}
