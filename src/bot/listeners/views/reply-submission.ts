import { INPUTS } from '../../../views/ids.js';
import type { BotDeps } from '../../deps.js';
import { textValue } from '../../view-values.js';
import { ticketFormSubmission } from './ticket-form.js';

/** Reply to customer: a customer-visible article, sent to them and mirrored into the ticket's thread. */
export function replySubmission(deps: BotDeps) {
  return ticketFormSubmission(
    deps,
    INPUTS.body,
    async ({ ticketNumber, metadata, actor, args, files }) => {
      const { channelId, sourceTs } = metadata;
      await deps.desk.addArticle(actor, ticketNumber, {
        kind: 'reply',
        channel: 'slack',
        body: textValue(args.view, INPUTS.body),
        attachments: files,
        // "Send to customer": the message's files, as the desk kept them when it was written in the thread.
        ...(channelId && sourceTs ? { filesOf: { slackChannelId: channelId, slackTs: sourceTs } } : {}),
      });
    },
    { body: INPUTS.body },
  );
}
