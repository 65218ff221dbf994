import { slackUserIdOf } from '../../../core/model.js';
import { localeOf } from '../../../i18n/index.js';
import { INPUTS, replyBodyBlockId } from '../../../views/ids.js';
import type { BotDeps } from '../../deps.js';
import { parseTicketModalMetadata } from '../../metadata.js';
import { tellRefusedFiles } from '../../told-files.js';
import { isChecked, textOfAction, textValue } from '../../view-values.js';
import { ticketFormSubmission } from './ticket-form.js';

/**
 * Reply to customer: a customer-visible article, sent to them and mirrored into the ticket's thread; from a
 * canned response if one was picked (its new state follows), and kept as a personal response if asked.
 */
export function replySubmission(deps: BotDeps) {
  return ticketFormSubmission(
    deps,
    INPUTS.body,
    async ({ ticketNumber, metadata, actor, args, files }) => {
      const { view } = args;
      const { channelId, sourceTs, responseId } = metadata;
      const saving = isChecked(view, INPUTS.saveResponse, 'yes');
      const details = saving ? await deps.desk.getTicket(actor, ticketNumber) : undefined;
      await deps.desk.sendReply(actor, ticketNumber, {
        body: textOfAction(view, INPUTS.body),
        attachments: files,
        // "Send to customer": the thread message it was sent from (its files as the desk kept them, its edits).
        ...(channelId && sourceTs ? { sentFrom: { slackChannelId: channelId, slackTs: sourceTs } } : {}),
        ...(responseId === undefined ? {} : { responseId }),
        ...(details
          ? {
              saveAs: {
                title: textValue(view, INPUTS.responseTitle),
                language: localeOf(details.customer.language, deps.view.locale),
              },
            }
          : {}),
      });
      // The reply went out; a file of the form the desk would not keep is said to its sender alone.
      const to = { userId: slackUserIdOf(args.body.user.id), ...(channelId ? { channelId } : {}) };
      await tellRefusedFiles(deps, args.client, to, files);
    },
    (args) => {
      // Refusals go on the body input, whose block id says which response filled it.
      const body = replyBodyBlockId(parseTicketModalMetadata(args.view.private_metadata)?.responseId);
      return { body, form: body, response_title: INPUTS.responseTitle };
    },
  );
}
