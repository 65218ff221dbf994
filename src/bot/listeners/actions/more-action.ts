import { ValidationError } from '../../../core/errors.js';
import { type TicketNumber, ticketNumberOf } from '../../../core/model.js';
import { translator } from '../../../i18n/index.js';
import { MORE_ACTIONS, type MoreAction } from '../../../views/ids.js';
import { actionValue, audienceOf, type BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { tell } from '../../feedback.js';
import { openTicketModal } from '../../ticket-modals.js';
import { withRefusals } from '../../with-refusals.js';

/** Splits a "More" option's value, `<action>:<ticket number>`, refusing anything else. */
export function parseMoreValue(value: string): { action: MoreAction; ticketNumber: TicketNumber } {
  const [action, ticketNumber, ...rest] = value.split(':');
  if (!(MORE_ACTIONS as readonly string[]).includes(action ?? '') || !ticketNumber || rest.length > 0) {
    throw new ValidationError('action', 'unknown', 'This action is not known.');
  }
  return { action: action as MoreAction, ticketNumber: ticketNumberOf(ticketNumber) };
}

/** The card's "More" menu: each option opens its form, except Watch (toggles) and Reopen (at once). */
export function moreAction(deps: BotDeps) {
  return withRefusals(deps, audienceOf, async (args: BlockActionArgs, to) => {
    await args.ack();
    const { action, ticketNumber } = parseMoreValue(actionValue(args));
    if (action === 'reopen') {
      await deps.desk.reopenTicket({ kind: 'slack', userId: to.userId }, ticketNumber);
      deps.deliverNow();
      return;
    }
    if (action === 'watch') {
      const actor = { kind: 'slack', userId: to.userId } as const;
      const watching = (await deps.desk.getTicket(actor, ticketNumber)).watchers.some(
        (w) => w.slackUserId === to.userId,
      );
      if (watching) await deps.desk.removeWatcher(actor, ticketNumber);
      else await deps.desk.addWatcher(actor, ticketNumber);
      const t = translator(await deps.users.locale(to.userId));
      await tell(args.client, to, {
        text: t(watching ? 'watch.stopped' : 'watch.started', { number: ticketNumber }),
      });
      return;
    }
    await openTicketModal(deps, args.client, {
      kind: action,
      ticketNumber,
      userId: to.userId,
      triggerId: args.body.trigger_id,
      channelId: to.channelId,
    });
  });
}
