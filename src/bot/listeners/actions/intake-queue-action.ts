import { NotFoundError, PermissionDeniedError } from '../../../core/errors.js';
import { queueKeyOf } from '../../../core/model.js';
import { readIntakeQueueValue } from '../../../views/ids.js';
import { actionValue, audienceOf, type BlockActionArgs } from '../../card-action.js';
import type { BotDeps } from '../../deps.js';
import { openFromMessage } from '../../intake/open-from-message.js';
import { fetchSourceMessage } from '../../intake/source-message.js';
import { withRefusals } from '../../with-refusals.js';

/**
 * A queue chosen for a request sent by DM or a mention: the message is read again from Slack and opened as a
 * ticket there, for its author only. The question is taken away; pressing again opens nothing new.
 */
export function intakeQueueAction(deps: BotDeps) {
  return withRefusals(deps, audienceOf, async (args: BlockActionArgs, to) => {
    await args.ack();
    const choice = readIntakeQueueValue(actionValue(args));
    if (!choice) throw new NotFoundError('queue', actionValue(args).slice(0, 40));
    const message = await fetchSourceMessage(args.client, choice.channelId, choice.ts);
    // Deleted since the question was asked: nothing left to open a ticket from.
    if (!message) throw new NotFoundError('article', choice.ts);
    if (message.user !== to.userId) {
      throw new PermissionDeniedError('open_for_someone_else', {
        queue: { key: choice.queueKey, name: choice.queueKey },
      });
    }
    await openFromMessage(deps, args.client, {
      message,
      queueKey: queueKeyOf(choice.queueKey),
      withPermalink: !message.channelId.startsWith('D'),
    });
    await args.respond({ delete_original: true });
  });
}
