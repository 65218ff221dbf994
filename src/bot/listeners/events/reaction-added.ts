import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { slackUserIdOf } from '../../../core/model.js';
import { buildIntakeOffer } from '../../../views/messages/intake.js';
import type { BotDeps } from '../../deps.js';
import { tell } from '../../feedback.js';
import { openFromMessage } from '../../intake/open-from-message.js';
import { fetchSourceMessage } from '../../intake/source-message.js';
import { withRefusals } from '../../with-refusals.js';

type Args = SlackEventMiddlewareArgs<'reaction_added'> & AllMiddlewareArgs;

/**
 * The ticket emoji on a person's message opens a ticket for its author (not for whoever reacted) in the
 * queue of the channel; the receipt goes into the message's thread. In a channel of no queue, whoever
 * reacted is offered the new-ticket form, prefilled. Any later reaction on the message opens nothing.
 */
export function reactionAdded(deps: BotDeps) {
  const reactor = ({ event }: Args) => ({
    userId: slackUserIdOf(event.user),
    channelId: event.item.channel,
  });
  const handle = withRefusals(deps, reactor, async ({ event, client, context }: Args, to) => {
    const { channel, ts } = event.item as { channel: string; ts: string };
    const message = await fetchSourceMessage(client, channel, ts);
    if (!message || message.user === context.botUserId) return;
    const queueKey = deps.intake.queueOfChannel.get(channel);
    if (!queueKey) {
      const offer = buildIntakeOffer({
        locale: await deps.users.locale(to.userId),
        authorSlackUserId: message.user,
        message,
      });
      await tell(client, to, offer);
      return;
    }
    await openFromMessage(deps, client, { message, queueKey, withPermalink: true });
  });
  return async (args: Args) => {
    const { event, context } = args;
    if (event.reaction !== deps.intake.emoji || event.item.type !== 'message') return;
    if (event.user === context.botUserId) return;
    await handle(args);
  };
}
